/**
 * How every function is bundled (SST's esbuild, `nodejs.esbuild` in stacks/functions.ts, and the
 * bundle benchmark alike). No imports, so the SST config can load it.
 *
 * The AWS SDK is bundled, not taken from the Lambda runtime: one minified file starts faster than
 * the runtime's copy spread over node_modules (measured by `npm run bench -- --only=bundles`), and
 * the version is the one tested. Left out are only the credential providers the SDK's default chain
 * imports lazily (`await import(…)`) and never reaches on Lambda, where the role's credentials are
 * in the environment and the first provider answers: should one ever be reached, the runtime's
 * copy of the AWS SDK serves it.
 */
export const lazyCredentialProviders = [
  "@aws-sdk/credential-provider-ini",
  "@aws-sdk/credential-provider-sso",
  "@aws-sdk/credential-provider-process",
  "@aws-sdk/credential-provider-web-identity",
  "@aws-sdk/credential-provider-http",
  "@smithy/credential-provider-imds",
] as const;
