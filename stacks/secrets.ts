/**
 * Secrets, set per stage with `npx sst secret set NAME value` and kept encrypted by SST. Keyed by
 * the configuration variable each one fills (CONTRACT §1), so a function's environment is built
 * from this map rather than retyped.
 */
export function createSecrets() {
  return {
    META_APP_SECRET: new sst.Secret("MetaAppSecret"),
    META_VERIFY_TOKEN: new sst.Secret("MetaVerifyToken"),
    ADMIN_TOKEN: new sst.Secret("AdminToken"),
  };
}

export type Secrets = ReturnType<typeof createSecrets>;

/** `{ META_APP_SECRET: <value>, ... }` for a function's environment. */
export function secretEnvironment(secrets: Partial<Secrets>) {
  return Object.fromEntries(Object.entries(secrets).map(([variable, secret]) => [variable, secret.value]));
}
