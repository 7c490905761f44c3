import { requiredSecrets, type SecretVariable, sstSecretNames } from "@scrm/aws/secret-names";

/**
 * Secrets, set per stage with `npx sst secret set NAME value` and kept encrypted by SST, keyed by
 * the configuration variable each one fills (CONTRACT §1), from the list in packages/aws. A
 * function gets a secret by linking it; `linkedSecrets` reads it there, at cold start. Secrets
 * never go into a function's environment.
 */
export function createSecrets() {
  const secrets = {} as Record<SecretVariable, sst.Secret>;
  for (const [variable, name] of Object.entries(sstSecretNames) as Array<[SecretVariable, string]>) {
    // Optional ones get an empty placeholder, so a stage without that CRM deploys without setting it.
    secrets[variable] = requiredSecrets.includes(variable) ? new sst.Secret(name) : new sst.Secret(name, "");
  }
  return secrets;
}

export type Secrets = ReturnType<typeof createSecrets>;
