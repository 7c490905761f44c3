import { Connection } from "jsforce";
import { connect, type SalesforceAuth } from "./auth";
import { defaultSalesforceMapping, type SalesforceMapping } from "./mapping";

/** One thing the connector needs (or can use) from the org, and whether the org has it. */
export interface OrgCheck {
  /** `Case`, `Case.SCRM_Case_Key__c`, `SocialPost.ExternalPostId`, … */
  item: string;
  /** Required checks failing make the org unusable; optional ones (Social Customer Service) only lose features. */
  required: boolean;
  ok: boolean;
  /** What is wrong, when not ok. */
  problems: string[];
  /** How to fix it: the metadata to deploy or the setting to change. */
  fix?: OrgFix;
}

export interface OrgFix {
  summary: string;
  /** Metadata files to deploy (`sf project deploy start --source-dir force-app`). */
  files?: Array<{ path: string; content: string }>;
  /** Access the integration user lacks: merged into one permission set by `salesforceSetupFiles`. */
  grants?: { objects: string[]; fields: string[] };
}

export interface SalesforceOrgReport {
  /** Every required check passes. */
  ok: boolean;
  checks: OrgCheck[];
  /** Social Customer Service (SocialPost, SocialPersona) is there: the connector can write those too. */
  socialCustomerService: boolean;
  /** Daily API requests (from `/limits`), when the org answered. */
  apiUsage?: { max: number; remaining: number; used: number };
}

/** A custom field the connector upserts by: Text(255), External ID, Unique. */
interface KeyField {
  object: "Case" | "Contact";
  field: string;
  label: string;
  description: string;
}

interface DescribedField {
  name: string;
  type: string;
  length?: number;
  externalId?: boolean;
  unique?: boolean;
  createable?: boolean;
  updateable?: boolean;
}

const permissionSetName = "SCRM_Relay_Integration";

/**
 * Checks an org for what the Salesforce connector needs (CONTRACT §7) with describe global,
 * describe of Case/Contact (and SocialPost/SocialPersona when present) and `/limits`. Read only.
 * Field-level security shows as `createable`/`updateable` in the integration user's describe.
 */
export async function checkSalesforceOrg(
  target: Connection | SalesforceAuth,
  options: { mapping?: SalesforceMapping } = {},
): Promise<SalesforceOrgReport> {
  const conn = target instanceof Connection ? target : await connect(target);
  const mapping = options.mapping ?? defaultSalesforceMapping;
  const keyFields: KeyField[] = [
    {
      object: "Case",
      field: mapping.caseKeyField,
      label: "SCRM Case Key",
      description: "scrm-relay case key (thread id, #2, #3… for later cases); upsert key. Written by scrm-relay.",
    },
    {
      object: "Contact",
      field: mapping.handleField,
      label: "SCRM Social Handle",
      description: "platform:handle of the social author; upsert key. Written by scrm-relay.",
    },
  ];

  const global = await conn.describeGlobal();
  const objects = new Map(global.sobjects.map((o) => [o.name.toLowerCase(), o]));
  const describeFields = async (name: string) => {
    const described = await conn.describe(name);
    return new Map((described.fields as DescribedField[]).map((f) => [f.name.toLowerCase(), f]));
  };

  const checks: OrgCheck[] = [];
  for (const object of ["Case", "Contact"] as const) {
    const summary = objects.get(object.toLowerCase());
    const problems: string[] = [];
    if (!summary) problems.push(`the integration user cannot see ${object}`);
    else {
      if (!summary.createable) problems.push(`${object} is not createable for the integration user`);
      if (!summary.updateable) problems.push(`${object} is not updateable for the integration user`);
    }
    checks.push({
      item: object,
      required: true,
      ok: problems.length === 0,
      problems,
      ...(problems.length
        ? {
            fix: {
              summary: `Give the integration user Read, Create and Edit on ${object} (profile or permission set ${permissionSetName}).`,
              grants: { objects: [object], fields: [] },
            },
          }
        : {}),
    });
  }

  for (const key of keyFields) {
    const item = `${key.object}.${key.field}`;
    if (!objects.has(key.object.toLowerCase())) {
      checks.push({ item, required: true, ok: false, problems: [`${key.object} is not available`] });
      continue;
    }
    const field = (await describeFields(key.object)).get(key.field.toLowerCase());
    if (!field) {
      checks.push({
        item,
        required: true,
        ok: false,
        problems: ["the field is missing (or hidden from the integration user by field-level security)"],
        fix: {
          summary: `Create ${item} as Text(255), External ID, Unique, and give the integration user Edit access to it.`,
          files: [customFieldFile(key)],
          grants: { objects: [], fields: [item] },
        },
      });
      continue;
    }
    const problems: string[] = [];
    if (field.type !== "string") problems.push(`type is ${field.type}, expected Text (string)`);
    else if ((field.length ?? 0) < 255) problems.push(`length is ${field.length}, expected 255`);
    if (!field.externalId) problems.push("not marked External ID");
    if (!field.unique) problems.push("not marked Unique");
    const attributesWrong = problems.length > 0;
    if (!field.createable) problems.push("not createable for the integration user (field-level security)");
    if (!field.updateable) problems.push("not updateable for the integration user (field-level security)");
    checks.push({
      item,
      required: true,
      ok: problems.length === 0,
      problems,
      ...(problems.length
        ? {
            fix: {
              summary: attributesWrong
                ? `Edit ${item} to be Text(255), External ID, Unique (deploying this definition updates it).`
                : `Give the integration user Edit access to ${item}.`,
              ...(attributesWrong ? { files: [customFieldFile(key)] } : {}),
              ...(field.createable && field.updateable ? {} : { grants: { objects: [], fields: [item] } }),
            },
          }
        : {}),
    });
  }

  const socialFix: OrgFix = {
    summary:
      "Optional: enable Social Customer Service (Setup › Feature Settings › Service › Social Customer Service) " +
      "and give the integration user access to Social Posts and Social Personas.",
  };
  for (const object of ["SocialPersona", "SocialPost"]) {
    const ok = objects.has(object.toLowerCase());
    checks.push({
      item: object,
      required: false,
      ok,
      problems: ok ? [] : [`${object} is not available (Social Customer Service is off or not licensed)`],
      ...(ok ? {} : { fix: socialFix }),
    });
  }
  if (objects.has("socialpost")) {
    const field = (await describeFields("SocialPost")).get("externalpostid");
    const problems: string[] = [];
    if (!field) problems.push("the field is missing or hidden by field-level security");
    else {
      if (!field.externalId) problems.push("not an External ID");
      if (!field.createable || !field.updateable) problems.push("not writable for the integration user");
    }
    checks.push({
      item: "SocialPost.ExternalPostId",
      required: false,
      ok: problems.length === 0,
      problems,
      ...(problems.length
        ? { fix: { summary: "Give the integration user Edit access to SocialPost.ExternalPostId." } }
        : {}),
    });
  }

  let apiUsage: SalesforceOrgReport["apiUsage"];
  try {
    const limits = (await conn.limits()) as { DailyApiRequests?: { Max: number; Remaining: number } };
    if (limits.DailyApiRequests) {
      const { Max: max, Remaining: remaining } = limits.DailyApiRequests;
      apiUsage = { max, remaining, used: max - remaining };
    }
  } catch {
    // /limits needs "View Setup and Configuration"; the report goes on without it.
  }

  return {
    ok: checks.every((check) => check.ok || !check.required),
    checks,
    socialCustomerService: objects.has("socialpost") && objects.has("socialpersona"),
    ...(apiUsage ? { apiUsage } : {}),
  };
}

/**
 * A key field's CustomField (Text(255), External ID, Unique): in `sf` CLI source format (a
 * `.field-meta.xml`, fullName without the object) or for the Metadata API (`createMetadata`,
 * fullName `Object.Field`).
 */
export function customFieldMetadata(
  object: string,
  field: string,
  label: string,
  description = "",
  format: "source" | "metadataApi" = "source",
): string {
  const fullName = format === "source" ? field : `${object}.${field}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">',
    `    <fullName>${xml(fullName)}</fullName>`,
    ...(description ? [`    <description>${xml(description)}</description>`] : []),
    "    <caseSensitive>false</caseSensitive>",
    "    <externalId>true</externalId>",
    `    <label>${xml(label)}</label>`,
    "    <length>255</length>",
    "    <required>false</required>",
    "    <trackHistory>false</trackHistory>",
    "    <type>Text</type>",
    "    <unique>true</unique>",
    "</CustomField>",
    "",
  ].join("\n");
}

function customFieldFile(key: KeyField) {
  return {
    path: `force-app/main/default/objects/${key.object}/fields/${key.field}.field-meta.xml`,
    content: customFieldMetadata(key.object, key.field, key.label, key.description),
  };
}

/** A permission set granting the integration user what the connector writes (assign it with `sf org assign permset`). */
export function permissionSetMetadata(grants: { objects: string[]; fields: string[] }): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">',
    "    <description>What scrm-relay's integration user needs.</description>",
  ];
  for (const field of grants.fields)
    lines.push(
      "    <fieldPermissions>",
      "        <editable>true</editable>",
      `        <field>${xml(field)}</field>`,
      "        <readable>true</readable>",
      "    </fieldPermissions>",
    );
  lines.push("    <label>SCRM Relay Integration</label>");
  for (const object of grants.objects)
    lines.push(
      "    <objectPermissions>",
      "        <allowCreate>true</allowCreate>",
      "        <allowDelete>false</allowDelete>",
      "        <allowEdit>true</allowEdit>",
      "        <allowRead>true</allowRead>",
      "        <modifyAllRecords>false</modifyAllRecords>",
      `        <object>${xml(object)}</object>`,
      "        <viewAllRecords>false</viewAllRecords>",
      "    </objectPermissions>",
    );
  lines.push("</PermissionSet>", "");
  return lines.join("\n");
}

/** Every file the report's fixes ask to deploy: the custom fields, and one permission set with all the grants. */
export function salesforceSetupFiles(report: SalesforceOrgReport): Array<{ path: string; content: string }> {
  const failing = report.checks.filter((check) => !check.ok && check.fix);
  const files = failing.flatMap((check) => check.fix?.files ?? []);
  const objects = [...new Set(failing.flatMap((check) => check.fix?.grants?.objects ?? []))];
  const fields = [...new Set(failing.flatMap((check) => check.fix?.grants?.fields ?? []))];
  if (objects.length || fields.length)
    files.push({
      path: `force-app/main/default/permissionsets/${permissionSetName}.permissionset-meta.xml`,
      content: permissionSetMetadata({ objects, fields }),
    });
  return files;
}

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The report as text for a terminal: each check, then the files to deploy for what is missing. */
export function formatSalesforceOrgReport(report: SalesforceOrgReport): string {
  const out: string[] = [];
  for (const check of report.checks) {
    const mark = check.ok ? "ok     " : check.required ? "MISSING" : "absent ";
    out.push(`${mark} ${check.item}${check.required ? "" : " (optional)"}`);
    for (const problem of check.problems) out.push(`          - ${problem}`);
  }
  if (report.apiUsage) {
    const { used, max, remaining } = report.apiUsage;
    out.push(`API requests today: ${used} of ${max} used, ${remaining} remaining`);
  }
  const toFix = report.checks.filter((c) => !c.ok && c.fix);
  if (toFix.length) out.push("");
  for (const check of toFix) out.push(`To fix ${check.item}: ${check.fix?.summary}`);
  const files = salesforceSetupFiles(report);
  for (const file of files) out.push("", `--- ${file.path}`, file.content.trimEnd());
  if (files.length)
    out.push(
      "",
      "Deploy with: sf project deploy start --source-dir force-app --target-org <alias>",
      `then: sf org assign permset --name ${permissionSetName} --on-behalf-of <integration user> --target-org <alias>`,
      "(Metadata API createMetadata takes the same CustomField with fullName <Object>.<Field>, e.g. Case.SCRM_Case_Key__c.)",
    );
  out.push("", report.ok ? "Salesforce org is ready." : "Salesforce org is NOT ready: required items are missing.");
  return out.join("\n");
}
