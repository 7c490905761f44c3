/**
 * The settings of CONTRACT §1 that are secrets on AWS, and the SST secret that holds each one
 * (`npx sst secret set <name> <value> --stage NAME`). The one list: `stacks/secrets.ts` creates the
 * secrets from it and `secretsFromSst` reads them back in the functions. No imports, so the SST
 * config can load it without pulling in the runtime adapters.
 */
export const sstSecretNames = {
  META_APP_SECRET: "MetaAppSecret",
  META_VERIFY_TOKEN: "MetaVerifyToken",
  ADMIN_TOKEN: "AdminToken",
  NOTIFY_SIGNING_SECRET: "NotifySigningSecret",
} as const;

export type SecretVariable = keyof typeof sstSecretNames;
