import * as z from "zod";
import { inputError } from "../errors";
import { NotifySigningSecret } from "../notify/signing-secret";
import type { CrmTarget } from "../sync/ports";

export * from "./settings-document";

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** A PEM text as one line, with `\n` for its line breaks (as .env files and secret stores often hold it). */
const pemText = optionalSecret.transform((value) => value?.replace(/\\n/g, "\n"));

/** A document given inline (JSON or YAML): kept as written, since YAML's indentation matters. */
const documentText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value : undefined));

/** Comma-separated secrets: the first signs, all verify, so a secret can be rotated without downtime. */
const secretList = optionalSecret.transform((value) =>
  value
    ? value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)
    : undefined,
);

/** `facebook:1234=acme,whatsapp:5678=acme`: which workspace a brand account belongs to. */
const accountMap = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const map = new Map<string, string>();
    for (const pair of (value ?? "").split(",").map((part) => part.trim())) {
      if (!pair) continue;
      const match = /^([a-z][a-z0-9_-]*):([^=]+)=([A-Za-z0-9_-]+)$/.exec(pair);
      if (!match) {
        ctx.addIssue({ code: "custom", message: `expected platform:accountId=workspaceId, got "${pair}"` });
        return z.NEVER;
      }
      map.set(`${match[1]}:${match[2]}`, match[3] ?? "default");
    }
    return map;
  });

/** How long settled deliveries (and delivered notifications) are kept: `DELIVERY_RETENTION_DAYS`. */
export const deliveryRetentionDefaultDays = 30;
/**
 * The shortest retention allowed. These records are dedupe records against the platforms' retries
 * (Meta retries for 36 h, WhatsApp for up to 7 days): they must outlive them, whatever is configured.
 */
export const deliveryRetentionMinimumDays = 8;

/** A whole number of days, at least the minimum; unset or empty means the default. */
const retentionDaysSetting = z.preprocess(
  (value) => (typeof value === "string" && !value.trim() ? undefined : value),
  z.coerce
    .number()
    .int()
    .min(deliveryRetentionMinimumDays, {
      message: `must be at least ${deliveryRetentionMinimumDays} days: platforms retry deliveries for up to 7 days`,
    })
    .max(3650)
    .default(deliveryRetentionDefaultDays),
);

export const crmTargets = ["salesforce", "hubspot"] as const satisfies readonly CrmTarget[];

/** `salesforce,hubspot`: CRMs named (not configured) in this process; each must be a known CRM. */
const crmTargetList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const names = (value ?? "")
      .split(",")
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean);
    const unknown = names.filter((name) => !(crmTargets as readonly string[]).includes(name));
    if (unknown.length) {
      ctx.addIssue({
        code: "custom",
        message: `unknown CRM ${unknown.map((name) => `"${name}"`).join(", ")}; expected a comma list of ${crmTargets.join(", ")}`,
      });
      return z.NEVER;
    }
    return [...new Set(names)] as CrmTarget[];
  });

/** Every setting of CONTRACT §1, parsed once at start; nothing else reads the environment. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  ADMIN_TOKEN: optionalSecret,
  META_APP_SECRET: secretList,
  META_VERIFY_TOKEN: optionalSecret,
  X_CONSUMER_SECRET: optionalSecret,
  YOUTUBE_WEBSUB_SECRET: optionalSecret,
  LINKEDIN_CLIENT_SECRET: optionalSecret,
  TELEGRAM_SECRET_TOKEN: optionalSecret,
  SALESFORCE_INSTANCE_URL: optionalSecret,
  SALESFORCE_ACCESS_TOKEN: optionalSecret,
  SALESFORCE_LOGIN_URL: optionalSecret,
  SALESFORCE_CLIENT_ID: optionalSecret,
  SALESFORCE_CLIENT_SECRET: optionalSecret,
  /** JWT bearer flow (extension of CONTRACT §1): the user the integration acts as (its `sub`)… */
  SALESFORCE_USERNAME: optionalSecret,
  /** …and the connected app's RS256 private key (PEM), as text or as a file. */
  SALESFORCE_PRIVATE_KEY: pemText,
  SALESFORCE_PRIVATE_KEY_FILE: optionalSecret,
  HUBSPOT_ACCESS_TOKEN: optionalSecret,
  HUBSPOT_BASE_URL: z.string().url().default("https://api.hubapi.com"),
  DYNAMODB_ENDPOINT: optionalSecret,
  DYNAMODB_TABLE: z.string().min(3).default("scrm-relay"),
  AWS_REGION: z.string().default("us-east-1"),
  /** On AWS: the EventBridge bus the functions publish to (set by the stack). */
  EVENT_BUS_NAME: z.string().default("default"),
  /** A local EventBridge-compatible endpoint (tests); omit on AWS. */
  EVENTBRIDGE_ENDPOINT: optionalSecret,
  WORKSPACE_ACCOUNTS: accountMap,
  /** HubSpot app client secret(s) for `X-HubSpot-Signature-v3` on /webhooks/hubspot (comma-separated for rotation). */
  HUBSPOT_CLIENT_SECRET: secretList,
  /** Ticket pipeline stage ids that mean closed (default `4`). */
  HUBSPOT_CLOSED_STAGES: secretList,
  /** The public base URL HubSpot calls, when a proxy changes scheme or host (the signature covers the URL). */
  HUBSPOT_WEBHOOK_URL: optionalSecret,
  /** Shared secret(s) of the Salesforce Flow/Apex callout to /webhooks/salesforce. */
  SALESFORCE_WEBHOOK_SECRET: secretList,
  /** Rules as code: a JSON or YAML file loaded (validated, versioned) at start. */
  RULES_FILE: optionalSecret,
  /**
   * Per-workspace CRM field mapping and options (extension of CONTRACT §1 and §7): a JSON or YAML
   * file, or the same document inline (on AWS, where there is no file).
   */
  CRM_MAPPING_FILE: optionalSecret,
  CRM_MAPPING: documentText,
  /** Standard Webhooks signing secret (`whsec_…`) for the `notify` action; generated locally when unset. */
  NOTIFY_SIGNING_SECRET: optionalSecret.pipe(NotifySigningSecret.optional()),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * Extension of CONTRACT §1: days a settled raw delivery (processed or unrecognised) and a delivered
   * notification are kept before the table's TTL removes them (default 30, at least 8). Pending and
   * failed ones, and interactions, never expire.
   */
  DELIVERY_RETENTION_DAYS: retentionDaysSetting,
  /**
   * Extension of CONTRACT §1: a plain, non-secret summary of the CRMs the deployment has credentials
   * for (`salesforce,hubspot`), for processes that do not hold those credentials (on AWS, the webhook
   * and admin functions, which answer `/healthz`). Set by the stack; ignored where the credentials are.
   */
  CRM_TARGETS: crmTargetList,
});
export type Config = z.infer<typeof ConfigSchema>;

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw inputError("config.invalid", `invalid configuration: ${problems.join("; ")}`, problems);
}

export interface IntegrationsOptions {
  /**
   * Whether `CRM_TARGETS` may stand in for CRM credentials this process does not hold (default true:
   * the AWS functions that answer `/healthz` never get the CRM secrets). The embedded stack passes
   * false: it holds every credential there is, so they alone decide.
   */
  declaredCrms?: boolean;
}

/** Salesforce's credential settings: any of them present means this process holds Salesforce's credentials. */
const salesforceCredentials = [
  "SALESFORCE_INSTANCE_URL",
  "SALESFORCE_ACCESS_TOKEN",
  "SALESFORCE_LOGIN_URL",
  "SALESFORCE_CLIENT_ID",
  "SALESFORCE_CLIENT_SECRET",
  "SALESFORCE_USERNAME",
  "SALESFORCE_PRIVATE_KEY",
  "SALESFORCE_PRIVATE_KEY_FILE",
] as const satisfies ReadonlyArray<keyof Config>;

/**
 * What `npm start` prints and `/healthz` reports: which integrations are configured, never the secrets.
 * A CRM counts as configured when this process holds a complete set of its credentials; or, when it
 * holds none of them at all, when `CRM_TARGETS` names it (the deployment configured it elsewhere).
 * Credentials present here always decide, so a half-set group is reported as not configured.
 */
export function configuredIntegrations(config: Partial<Config>, options: IntegrationsOptions = {}) {
  const declared = (target: CrmTarget, holdsAny: boolean) =>
    (options.declaredCrms ?? true) && !holdsAny && (config.CRM_TARGETS ?? []).includes(target);
  return {
    platforms: {
      meta: Boolean(config.META_APP_SECRET?.length && config.META_VERIFY_TOKEN),
      x: Boolean(config.X_CONSUMER_SECRET),
      youtube: Boolean(config.YOUTUBE_WEBSUB_SECRET),
      linkedin: Boolean(config.LINKEDIN_CLIENT_SECRET),
      telegram: Boolean(config.TELEGRAM_SECRET_TOKEN),
    },
    crms: {
      salesforce:
        Boolean(
          (config.SALESFORCE_INSTANCE_URL && config.SALESFORCE_ACCESS_TOKEN) ||
            (config.SALESFORCE_LOGIN_URL &&
              config.SALESFORCE_CLIENT_ID &&
              (config.SALESFORCE_CLIENT_SECRET ||
                (config.SALESFORCE_USERNAME && (config.SALESFORCE_PRIVATE_KEY || config.SALESFORCE_PRIVATE_KEY_FILE)))),
        ) ||
        declared(
          "salesforce",
          salesforceCredentials.some((name) => Boolean(config[name])),
        ),
      hubspot: Boolean(config.HUBSPOT_ACCESS_TOKEN) || declared("hubspot", Boolean(config.HUBSPOT_ACCESS_TOKEN)),
    },
  };
}

/**
 * The CRMs a complete set of these credentials configures, by the same rule as `/healthz`: what a
 * deployment puts in `CRM_TARGETS` for the functions that do not hold the credentials themselves.
 */
export function crmTargetsOf(credentials: Partial<Config>): CrmTarget[] {
  const { crms } = configuredIntegrations(credentials, { declaredCrms: false });
  return (Object.keys(crms) as CrmTarget[]).filter((target) => crms[target]);
}
