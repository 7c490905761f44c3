import { type Config, parseConfig } from "@scrm/core";
import { Resource } from "sst";
import { type FunctionName, functionAccess } from "./function-access";
import { type SecretVariable, sstSecretNames } from "./secret-names";

type Found = Partial<Record<SecretVariable, string>>;

/** A linked secret's value; an optional one nobody set holds its empty placeholder: unset, not empty. */
function secretValue(resources: object, name: string): string | undefined {
  const value = (resources as Record<string, { value?: unknown } | undefined>)[name]?.value;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The values of this function's SST secrets (`functionAccess[<function>].secrets`), keyed by the
 * setting each fills (`{ META_APP_SECRET: "…" }`), to merge over `process.env` before `parseConfig`.
 * SST bundles linked secrets encrypted with the function and decrypts them here, at cold start, so
 * they never appear as plain Lambda environment text.
 *
 * Under SST (its links are active: `App` is linked to every function), a listed secret that is not
 * linked throws, naming it: the stack and the manifest disagree, and a cold start that fails says so
 * where a silently missing secret would not. Without SST (tests, local runs) the result is empty, so
 * plain environment variables apply.
 */
export function linkedSecrets(variables: readonly SecretVariable[], resources: object = Resource): Found {
  const underSst = "App" in resources;
  const found: Found = {};
  for (const variable of variables) {
    const name = sstSecretNames[variable];
    // `in` rather than a plain read: SST's `Resource` throws on a name that is not linked.
    if (!(name in resources)) {
      if (underSst) throw new Error(`${variable} (SST secret ${name}) is not linked to this function`);
      continue;
    }
    const value = secretValue(resources, name);
    if (value !== undefined) found[variable] = value;
  }
  return found;
}

/**
 * A function's configuration, parsed once per cold start: the environment, with the SST secrets its
 * manifest entry links over it. A missing or invalid setting fails the cold start with a message
 * naming it, rather than every request.
 */
export function functionConfig(name: FunctionName, resources: object = Resource): Config {
  return parseConfig({ ...process.env, ...linkedSecrets(functionAccess[name].secrets, resources) });
}
