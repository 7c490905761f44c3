import { invalidProperty, type ObjectType, type PropertyDefinition } from "./model";

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: { ticketState: "OPEN" | "CLOSED"; isClosed: "true" | "false" };
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  writePermissions: string;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  stages: PipelineStage[];
}

const stageLabels: Array<[string, string, "OPEN" | "CLOSED"]> = [
  ["1", "New", "OPEN"],
  ["2", "Waiting on contact", "OPEN"],
  ["3", "Waiting on us", "OPEN"],
  ["4", "Closed", "CLOSED"],
];

const enumOptions: Record<string, string[]> = {
  "tickets.hs_ticket_priority": ["LOW", "MEDIUM", "HIGH", "URGENT"],
  "contacts.lifecyclestage": [
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "evangelist",
    "other",
  ],
};

/** HubSpot's default ticket pipeline "0" with its four stages. */
export function defaultTicketPipeline(now: string): Pipeline {
  return {
    id: "0",
    label: "Support Pipeline",
    displayOrder: 0,
    archived: false,
    createdAt: now,
    updatedAt: now,
    stages: stageLabels.map(([id, label, ticketState], index) => ({
      id,
      label,
      displayOrder: index,
      metadata: { ticketState, isClosed: ticketState === "CLOSED" ? "true" : "false" },
      archived: false,
      createdAt: now,
      updatedAt: now,
      writePermissions: "CRM_PERMISSIONS_ENFORCEMENT",
    })),
  };
}

/** Fills the options of the built-in enumerations the fake validates. */
export function withOptions(type: ObjectType, defs: PropertyDefinition[]): PropertyDefinition[] {
  for (const def of defs) {
    const options = enumOptions[`${type}.${def.name}`];
    if (options) def.options = options.map((value, i) => ({ label: value, value, displayOrder: i, hidden: false }));
  }
  return defs;
}

export function invalid(name: string, error: string, message: string): never {
  throw invalidProperty(name, error, message);
}

/** HubSpot stores every value as a string; `null` clears like `""`. */
export function stringify(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    out[name] = value === null || value === undefined ? "" : String(value);
  }
  return out;
}

export function checkValue(name: string, def: PropertyDefinition, value: string): string {
  switch (def.type) {
    case "number":
      if (!Number.isFinite(Number(value))) invalid(name, "INVALID_LONG", `${value} is not a valid number`);
      return value;
    case "bool":
      if (value !== "true" && value !== "false") invalid(name, "INVALID_BOOLEAN", `${value} is not a valid boolean`);
      return value;
    case "datetime":
    case "date": {
      const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (Number.isNaN(ms)) invalid(name, "INVALID_DATE", `${value} is not a valid date`);
      return new Date(ms).toISOString();
    }
    case "enumeration": {
      if (def.options.length === 0) return value;
      const allowed = new Set(def.options.map((o) => o.value));
      for (const part of value.split(";")) {
        if (!allowed.has(part)) invalid(name, "INVALID_OPTION", `${part} was not one of the allowed options`);
      }
      return value;
    }
    default:
      return value;
  }
}

export function sameValue(type: ObjectType, name: string, stored: string | undefined, value: string): boolean {
  if (stored === undefined) return false;
  return type === "contacts" && name === "email" ? stored.toLowerCase() === value.toLowerCase() : stored === value;
}
