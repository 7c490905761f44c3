import {
  type AssociationTypeDef,
  associationTypes,
  builtinProperties,
  defaultGroups,
  HubSpotError,
  type ObjectType,
  objectTypes,
  type PropertyDefinition,
  type PropertyGroup,
  readOnlyProperties,
  requiredOnCreate,
  type StoredObject,
  singularName,
  validation,
} from "./model";
import { checkValue, defaultTicketPipeline, invalid, type Pipeline, sameValue, stringify, withOptions } from "./values";

/** What a `rejectInput` predicate is shown: one write as the fake received it. */
export interface RejectableInput {
  objectType: ObjectType;
  operation: "create" | "update" | "upsert" | "associate";
  /** The id (or unique value) addressed; absent for creates. */
  id?: string;
  idProperty?: string;
  properties: Record<string, string>;
  objectWriteTraceId?: string;
  toObjectType?: ObjectType;
  toId?: string;
}

export interface Rejection {
  predicate: (input: RejectableInput) => boolean;
  error: { category?: string; message?: string; status?: number };
}

/** One association between two records; `types` are as seen from `fromType`. */
export interface StoredAssociation {
  fromType: ObjectType;
  fromId: string;
  toType: ObjectType;
  toId: string;
  types: Array<{ category: string; typeId: number; label: string | null }>;
}

export interface InlineAssociation {
  to?: { id?: unknown };
  types?: Array<{ associationCategory?: string; associationTypeId?: number }>;
}

/** The fake portal's data: records, property definitions, associations and the ticket pipeline. */
export class CrmStore {
  readonly records = new Map<ObjectType, StoredObject[]>(objectTypes.map((type) => [type, []]));
  readonly definitions = new Map<ObjectType, PropertyDefinition[]>();
  readonly groups = new Map<ObjectType, PropertyGroup[]>();
  readonly associations: StoredAssociation[] = [];
  readonly pipelines: Pipeline[];
  readonly rejections: Rejection[] = [];
  private nextId = 1001;

  constructor(private readonly clock: () => Date) {
    const now = this.now();
    this.pipelines = [defaultTicketPipeline(now)];
    for (const type of objectTypes) {
      this.groups.set(type, [{ ...defaultGroups[type] }]);
      this.definitions.set(type, withOptions(type, builtinProperties(type, now)));
    }
    this.pipelineOptions();
  }

  /** A further ticket pipeline (as an admin makes one in the portal); its stages in the order given. */
  addPipeline(pipeline: { id: string; label: string; stages: Array<{ id: string; label: string; closed?: boolean }> }) {
    const now = this.now();
    this.pipelines.push({
      id: pipeline.id,
      label: pipeline.label,
      displayOrder: this.pipelines.length,
      archived: false,
      createdAt: now,
      updatedAt: now,
      stages: pipeline.stages.map((stage, index) => ({
        id: stage.id,
        label: stage.label,
        displayOrder: index,
        metadata: { ticketState: stage.closed ? "CLOSED" : "OPEN", isClosed: stage.closed ? "true" : "false" },
        archived: false,
        createdAt: now,
        updatedAt: now,
        writePermissions: "CRM_PERMISSIONS_ENFORCEMENT",
      })),
    });
    this.pipelineOptions();
  }

  /** `hs_pipeline` and `hs_pipeline_stage` take the pipelines' ids and their stages' ids. */
  private pipelineOptions() {
    const ticketDefs = this.definitions.get("tickets") ?? [];
    const pipelineDef = ticketDefs.find((def) => def.name === "hs_pipeline");
    const stageDef = ticketDefs.find((def) => def.name === "hs_pipeline_stage");
    if (pipelineDef) pipelineDef.options = this.pipelines.map((p) => ({ label: p.label, value: p.id }));
    if (stageDef)
      stageDef.options = this.pipelines.flatMap((p) => p.stages.map((s) => ({ label: s.label, value: s.id })));
  }

  now(): string {
    return this.clock().toISOString();
  }

  live(type: ObjectType): StoredObject[] {
    return (this.records.get(type) ?? []).filter((record) => !record.archived);
  }

  definition(type: ObjectType, name: string): PropertyDefinition | undefined {
    return this.definitions.get(type)?.find((def) => def.name === name && !def.archived);
  }

  /** Properties that identify a record: `hasUniqueValue` ones, plus `email` on contacts. */
  isIdProperty(type: ObjectType, name: string): boolean {
    return (type === "contacts" && name === "email") || this.definition(type, name)?.hasUniqueValue === true;
  }

  /** Finds a record by id, or by a unique property when `idProperty` is given. */
  find(type: ObjectType, id: string, idProperty?: string): StoredObject | undefined {
    if (!idProperty || idProperty === "hs_object_id") return this.live(type).find((record) => record.id === id);
    if (!this.isIdProperty(type, idProperty)) {
      throw validation(`Property ${idProperty} is not a unique identifier property for ${singularName(type)} objects.`);
    }
    return this.live(type).find((record) => sameValue(type, idProperty, record.properties[idProperty], id));
  }

  /** Creates a record after the same checks HubSpot makes; throws a `HubSpotError` when it would refuse. */
  create(type: ObjectType, raw: Record<string, unknown>, meta: WriteMeta = { operation: "create" }): StoredObject {
    const properties = this.checkWrite(type, raw, meta, undefined);
    const now = this.now();
    const id = String(this.nextId++);
    const record: StoredObject = {
      id,
      properties: {
        ...(type === "tickets" ? { hs_pipeline: "0" } : {}),
        ...properties,
        hs_object_id: id,
        createdate: properties.createdate ?? now,
        hs_lastmodifieddate: now,
        ...(type === "contacts" ? { lastmodifieddate: now } : {}),
        ...(type === "notes" ? { hs_createdate: now } : {}),
      },
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
    this.records.get(type)?.push(record);
    return record;
  }

  update(type: ObjectType, record: StoredObject, raw: Record<string, unknown>, meta: WriteMeta): StoredObject {
    const properties = this.checkWrite(type, raw, meta, record);
    const now = this.now();
    for (const [name, value] of Object.entries(properties)) {
      if (value === "") delete record.properties[name];
      else record.properties[name] = value;
    }
    record.properties.hs_lastmodifieddate = now;
    if (type === "contacts") record.properties.lastmodifieddate = now;
    record.updatedAt = now;
    return record;
  }

  archive(type: ObjectType, record: StoredObject): void {
    record.archived = true;
    record.updatedAt = this.now();
    for (let i = this.associations.length - 1; i >= 0; i--) {
      const link = this.associations[i];
      if (!link) continue;
      if ((link.fromType === type && link.fromId === record.id) || (link.toType === type && link.toId === record.id)) {
        this.associations.splice(i, 1);
      }
    }
  }

  /** Removes records created during a batch that HubSpot would have refused as a whole. */
  rollback(type: ObjectType, created: StoredObject[]): void {
    const list = this.records.get(type) ?? [];
    for (const record of created) {
      const index = list.indexOf(record);
      if (index >= 0) list.splice(index, 1);
      for (let i = this.associations.length - 1; i >= 0; i--) {
        const link = this.associations[i];
        if (
          link &&
          ((link.fromType === type && link.fromId === record.id) || (link.toType === type && link.toId === record.id))
        ) {
          this.associations.splice(i, 1);
        }
      }
    }
  }

  /** Associates two records with the given types (creating or extending the link). */
  associate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, defs: AssociationTypeDef[]): void {
    this.rejectIfAsked({
      objectType: fromType,
      operation: "associate",
      id: fromId,
      properties: {},
      toObjectType: toType,
      toId,
    });
    for (const [type, id] of [
      [fromType, fromId],
      [toType, toId],
    ] as const) {
      if (!this.find(type, id)) {
        throw new HubSpotError(404, "OBJECT_NOT_FOUND", `No ${singularName(type)} with ID ${id} exists.`, {
          context: { id: [id] },
        });
      }
    }
    let link = this.associations.find(
      (l) =>
        (l.fromType === fromType && l.fromId === fromId && l.toType === toType && l.toId === toId) ||
        (l.fromType === toType && l.fromId === toId && l.toType === fromType && l.toId === fromId),
    );
    if (!link) {
      link = { fromType, fromId, toType, toId, types: [] };
      this.associations.push(link);
    }
    for (const def of defs) {
      const typeId = link.fromType === fromType && link.fromId === fromId ? def.typeId : def.inverse;
      if (!link.types.some((t) => t.typeId === typeId)) {
        link.types.push({ category: "HUBSPOT_DEFINED", typeId, label: def.label });
      }
    }
  }

  /** The records of `toType` associated with one record, with their types seen from `fromType`. */
  associated(
    fromType: ObjectType,
    fromId: string,
    toType: ObjectType,
  ): Array<{ toId: string; types: StoredAssociation["types"] }> {
    const found: Array<{ toId: string; types: StoredAssociation["types"] }> = [];
    for (const link of this.associations) {
      if (link.fromType === fromType && link.fromId === fromId && link.toType === toType) {
        found.push({ toId: link.toId, types: link.types });
      } else if (link.toType === fromType && link.toId === fromId && link.fromType === toType) {
        const types = link.types.map((t) => {
          const def = associationTypes.find(
            (d) => d.from === link.fromType && d.to === link.toType && d.typeId === t.typeId,
          );
          return { category: t.category, typeId: def?.inverse ?? t.typeId, label: t.label };
        });
        found.push({ toId: link.fromId, types });
      }
    }
    return found;
  }

  /** Associations given inline with a create (`associations: [{to: {id}, types: [...]}]`). */
  associateInline(type: ObjectType, id: string, inline: InlineAssociation[] | undefined): void {
    for (const entry of inline ?? []) {
      const toId = String(entry.to?.id ?? "");
      for (const spec of entry.types ?? []) {
        const def = associationTypes.find((d) => d.from === type && d.typeId === spec.associationTypeId);
        if (!def) throw validation(`Association type ${String(spec.associationTypeId)} is not valid from ${type}.`);
        this.associate(type, id, def.to, toId, [def]);
      }
    }
  }

  rejectIfAsked(input: RejectableInput): void {
    const rejection = this.rejections.find((r) => r.predicate(input));
    if (!rejection) return;
    const { status = 400, category = "VALIDATION_ERROR", message = "Input rejected." } = rejection.error;
    throw new HubSpotError(status, category, message);
  }

  private checkWrite(
    type: ObjectType,
    raw: Record<string, unknown>,
    meta: WriteMeta,
    existing: StoredObject | undefined,
  ): Record<string, string> {
    const properties = stringify(raw);
    if (!meta.seed) this.rejectIfAsked({ objectType: type, operation: meta.operation, properties, ...pick(meta) });
    for (const [name, value] of Object.entries(properties)) {
      const def = this.definition(type, name);
      if (!def) invalid(name, "PROPERTY_DOESNT_EXIST", `Property "${name}" does not exist`);
      if (readOnlyProperties.has(name)) {
        invalid(name, "READ_ONLY_VALUE", `${name} is a read only property; its value cannot be set.`);
      }
      if (value === "") continue;
      properties[name] = checkValue(name, def, value);
    }
    if (!existing) {
      for (const name of requiredOnCreate[type]) {
        if (!properties[name]) invalid(name, "REQUIRED_FIELD", `${name} is required`);
      }
    }
    if (type === "tickets") this.checkStage(properties, existing);
    for (const [name, value] of Object.entries(properties)) {
      if (value === "" || !this.isIdProperty(type, name)) continue;
      const other = this.live(type).find((r) => r !== existing && sameValue(type, name, r.properties[name], value));
      if (other) {
        const message =
          type === "contacts" && name === "email"
            ? `Contact already exists. Existing ID: ${other.id}`
            : `A ${singularName(type)} with ${name} "${value}" already exists. Existing ID: ${other.id}`;
        throw new HubSpotError(409, "CONFLICT", message);
      }
    }
    return properties;
  }

  private checkStage(properties: Record<string, string>, existing: StoredObject | undefined): void {
    const pipelineId = properties.hs_pipeline ?? existing?.properties.hs_pipeline ?? "0";
    const pipeline = this.pipelines.find((p) => p.id === pipelineId);
    if (!pipeline) invalid("hs_pipeline", "INVALID_OPTION", `${pipelineId} was not one of the allowed options`);
    const stage = properties.hs_pipeline_stage ?? existing?.properties.hs_pipeline_stage;
    if (stage && !pipeline.stages.some((s) => s.id === stage)) {
      invalid("hs_pipeline_stage", "INVALID_OPTION", `${stage} is not a valid stage of pipeline ${pipelineId}`);
    }
  }
}

export interface WriteMeta {
  operation: RejectableInput["operation"];
  id?: string;
  idProperty?: string;
  objectWriteTraceId?: string;
  /** Seeded by the test (`insert`): `rejectInput` faults do not apply. */
  seed?: boolean;
}

function pick(meta: WriteMeta): Partial<RejectableInput> {
  const picked: Partial<RejectableInput> = {};
  if (meta.id !== undefined) picked.id = meta.id;
  if (meta.idProperty !== undefined) picked.idProperty = meta.idProperty;
  if (meta.objectWriteTraceId !== undefined) picked.objectWriteTraceId = meta.objectWriteTraceId;
  return picked;
}

export type { Pipeline, PipelineStage } from "./values";
