import type { FieldType, ObjectDef } from "./schema";

/**
 * The describe answers: `GET /sobjects/{SObject}/describe` (a subset of DescribeSObjectResult and
 * its Field entries) and the per-object summary used by `GET /sobjects` and `GET /sobjects/{SObject}`.
 */

export function describeObject(def: ObjectDef, version: string) {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return {
    ...objectSummary(def, version),
    fields: def.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      soapType: soapType(f.type),
      length: f.type === "boolean" || f.type === "datetime" ? 0 : f.length,
      byteLength: f.type === "boolean" || f.type === "datetime" ? 0 : f.length * 3,
      createable: f.createable,
      updateable: f.updateable,
      nillable: f.nillable,
      filterable: f.filterable,
      sortable: f.filterable,
      groupable: f.filterable && f.type !== "datetime",
      externalId: f.externalId,
      unique: f.unique,
      idLookup: f.type === "id" || f.externalId,
      caseSensitive: false,
      custom: f.custom,
      calculated: false,
      autoNumber: f.autoNumber,
      defaultedOnCreate: f.defaultedOnCreate || !f.createable,
      defaultValue: f.defaultValue,
      picklistValues: f.picklist.map((value) => ({
        active: true,
        defaultValue: value === f.defaultValue,
        label: value,
        validFor: null,
        value,
      })),
      restrictedPicklist: f.restrictedPicklist,
      referenceTo: f.referenceTo,
      relationshipName: f.type === "reference" ? f.name.replace(/Id$/, "") : null,
    })),
    childRelationships: [],
    recordTypeInfos: [],
    urls: { ...objectSummary(def, version).urls, rowTemplate: `${base}/{ID}` },
  };
}

export function objectSummary(def: ObjectDef, version: string) {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    searchable: true,
    urls: { sobject: base, describe: `${base}/describe` },
  };
}

function soapType(type: FieldType): string {
  switch (type) {
    case "id":
    case "reference":
      return "tns:ID";
    case "boolean":
      return "xsd:boolean";
    case "datetime":
      return "xsd:dateTime";
    default:
      return "xsd:string";
  }
}
