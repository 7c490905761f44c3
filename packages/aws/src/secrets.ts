import { Resource } from "sst";
import { type SecretVariable, sstSecretNames } from "./secret-names";

/**
 * The values of the SST secrets linked to this function, keyed by the setting each fills
 * (`{ META_APP_SECRET: "…" }`), to merge over `process.env` before `parseConfig`. SST bundles
 * linked secrets encrypted with the function and decrypts them here, at cold start, so they never
 * appear as plain Lambda environment text.
 *
 * A secret not linked to this function is left out, and without SST (tests, local runs) the
 * result is empty, so plain environment variables still apply. A bundle SST cannot decrypt throws.
 */
export function secretsFromSst(resources: object = Resource): Partial<Record<SecretVariable, string>> {
  const found: Partial<Record<SecretVariable, string>> = {};
  for (const [variable, name] of Object.entries(sstSecretNames) as Array<[SecretVariable, string]>) {
    // `in` rather than a plain read: SST's `Resource` throws on a name that is not linked.
    if (!(name in resources)) continue;
    const value = (resources as Record<string, { value?: unknown } | undefined>)[name]?.value;
    // An optional secret nobody set holds its empty placeholder: unset, not an empty setting.
    if (typeof value === "string" && value !== "") found[variable] = value;
  }
  return found;
}
