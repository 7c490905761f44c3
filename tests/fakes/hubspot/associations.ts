import { batchReply, type Incoming, type Json, notFound, type Reply, typeOf } from "./http";
import {
  type AssociationTypeDef,
  associationTypes,
  defaultAssociationType,
  HubSpotError,
  type ObjectType,
  objectTypeIds,
  singularName,
  validation,
} from "./model";
import type { CrmStore } from "./store";

const maxAssociationBatch = 1000;

/** v4 `/crm/v4/objects/{from}/{id}/associations/...` */
export function objectAssociations(store: CrmStore, req: Incoming, rest: string[]): Reply {
  const [fromName, fromId = "", word, a, b, c] = rest;
  if (word !== "associations") return notFound(req);
  const from = typeOf(fromName);
  const startedAt = store.now();
  if (a === "default" && c !== undefined && b !== undefined && req.method === "PUT") {
    const to = typeOf(b);
    const def = requireDefault(from, to);
    store.associate(from, fromId, to, c, [def]);
    return batchReply(startedAt, store.now(), [defaultResult(fromId, c, def)], [], 200);
  }
  const to = typeOf(a);
  if (b === undefined && req.method === "GET") {
    const results = store
      .associated(from, fromId, to)
      .map(({ toId, types }) => ({ toObjectId: toId, associationTypes: types }));
    return { status: 200, body: { results } };
  }
  if (b !== undefined && c === undefined && req.method === "PUT") {
    const specs = Array.isArray(req.body) ? (req.body as Json[]) : [];
    if (specs.length === 0) throw validation("At least one association type is required.");
    const defs = specs.map((spec) => {
      const def = associationTypes.find(
        (d) =>
          d.from === from &&
          d.to === to &&
          d.typeId === spec.associationTypeId &&
          spec.associationCategory === "HUBSPOT_DEFINED",
      );
      if (!def) {
        throw validation(
          `${String(spec.associationCategory)} association type ${String(spec.associationTypeId)} is not valid from ${from} to ${to}.`,
        );
      }
      return def;
    });
    store.associate(from, fromId, to, b, defs);
    const labels = store
      .associated(from, fromId, to)
      .find((link) => link.toId === b)
      ?.types.flatMap((t) => (t.label ? [t.label] : []));
    return {
      status: 201,
      body: {
        fromObjectTypeId: objectTypeIds[from],
        fromObjectId: fromId,
        toObjectTypeId: objectTypeIds[to],
        toObjectId: b,
        labels: labels ?? [],
      },
    };
  }
  if (b !== undefined && c === undefined && req.method === "DELETE") {
    const index = store.associations.findIndex(
      (l) =>
        (l.fromType === from && l.fromId === fromId && l.toType === to && l.toId === b) ||
        (l.fromType === to && l.fromId === b && l.toType === from && l.toId === fromId),
    );
    if (index >= 0) store.associations.splice(index, 1);
    return { status: 204 };
  }
  return notFound(req);
}

/** v4 `/crm/v4/associations/{from}/{to}/batch/{associate/default|create|read}` */
export function associationBatches(store: CrmStore, req: Incoming, rest: string[]): Reply {
  const [fromName, toName, word, op, sub] = rest;
  if (word !== "batch" || req.method !== "POST") return notFound(req);
  const from = typeOf(fromName);
  const to = typeOf(toName);
  const startedAt = store.now();
  const inputs = ((req.body ?? {}) as Json).inputs;
  if (!Array.isArray(inputs)) throw validation("Invalid input JSON: inputs is required");
  if (inputs.length > maxAssociationBatch) {
    throw validation(
      `Batch input limit exceeded: ${inputs.length} inputs sent, the maximum is ${maxAssociationBatch}.`,
    );
  }
  const typed = inputs as Json[];
  const results: unknown[] = [];
  const errors: unknown[] = [];
  if (op === "associate" && sub === "default") {
    const def = requireDefault(from, to);
    for (const input of typed) {
      const fromId = idOf(input.from);
      const toId = idOf(input.to);
      try {
        store.associate(from, fromId, to, toId, [def]);
        results.push(defaultResult(fromId, toId, def));
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        errors.push(error.batchEntry({ fromObjectId: [fromId], toObjectId: [toId] }));
      }
    }
    return batchReply(startedAt, store.now(), results, errors, 200);
  }
  if (op === "create" && sub === undefined) {
    for (const input of typed) {
      const fromId = idOf(input.from);
      const toId = idOf(input.to);
      try {
        const specs = Array.isArray(input.types) ? (input.types as Json[]) : [];
        const defs = specs.map((spec) => {
          const def = associationTypes.find(
            (d) => d.from === from && d.to === to && d.typeId === spec.associationTypeId,
          );
          if (!def)
            throw validation(`Association type ${String(spec.associationTypeId)} is not valid from ${from} to ${to}.`);
          return def;
        });
        store.associate(from, fromId, to, toId, defs);
        results.push({
          fromObjectTypeId: objectTypeIds[from],
          fromObjectId: fromId,
          toObjectTypeId: objectTypeIds[to],
          toObjectId: toId,
          labels: defs.flatMap((d) => (d.label ? [d.label] : [])),
        });
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        errors.push(error.batchEntry({ fromObjectId: [fromId], toObjectId: [toId] }));
      }
    }
    return batchReply(startedAt, store.now(), results, errors, 201);
  }
  if (op === "read" && sub === undefined) {
    for (const input of typed) {
      const fromId = String(input.id ?? "");
      const found = store.associated(from, fromId, to);
      if (found.length === 0) {
        errors.push({
          status: "error",
          category: "OBJECT_NOT_FOUND",
          message: `No ${to} is associated with ${singularName(from)} ${fromId}.`,
          context: { fromObjectId: [fromId] },
          errors: [],
          links: {},
        });
        continue;
      }
      results.push({
        from: { id: fromId },
        to: found.map(({ toId, types }) => ({ toObjectId: toId, associationTypes: types })),
      });
    }
    return batchReply(startedAt, store.now(), results, errors, 200);
  }
  return notFound(req);
}

function requireDefault(from: ObjectType, to: ObjectType): AssociationTypeDef {
  const def = defaultAssociationType(from, to);
  if (!def) throw validation(`There is no default association type from ${from} to ${to}.`);
  return def;
}

function defaultResult(fromId: string, toId: string, def: AssociationTypeDef) {
  return {
    from: { id: fromId },
    to: { id: toId },
    associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: def.typeId },
  };
}

function idOf(value: unknown): string {
  return String((value as { id?: unknown } | undefined)?.id ?? "");
}
