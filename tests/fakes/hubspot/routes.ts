import { associationBatches, objectAssociations } from "./associations";
import { type Incoming, notFound, type Reply } from "./http";
import { objects } from "./objects";
import { pipelines, properties } from "./schema";
import type { CrmStore } from "./store";

export type { Incoming, Reply } from "./http";

/** Routes one authenticated request to the CRM endpoints the fake implements. */
export function route(store: CrmStore, req: Incoming): Reply {
  const [crm, version, area, ...rest] = req.segments;
  if (crm !== "crm") return notFound(req);
  const key = `${version}/${area}`;
  if (key === "v3/objects") return objects(store, req, rest);
  if (key === "v4/objects") return objectAssociations(store, req, rest);
  if (key === "v4/associations") return associationBatches(store, req, rest);
  if (key === "v3/properties") return properties(store, req, rest);
  if (key === "v3/pipelines") return pipelines(store, req, rest);
  return notFound(req);
}
