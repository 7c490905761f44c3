export { connect, type SalesforceAuth, salesforceApiVersion } from "./auth";
export { SalesforceConnector, type SalesforceConnectorOptions } from "./connector";
export { salesforceFromConfig } from "./from-config";
export {
  type CaseDefaultField,
  type ContactDefaultField,
  defaultSalesforceMapping,
  providerOf,
  resolveMapping,
  type SalesforceFieldSource,
  type SalesforceMapping,
} from "./mapping";
export {
  checkSalesforceOrg,
  customFieldMetadata,
  formatSalesforceOrgReport,
  type OrgCheck,
  type OrgFix,
  permissionSetMetadata,
  type SalesforceOrgReport,
  salesforceSetupFiles,
} from "./setup";
export {
  escapeSoqlString,
  SoqlBuildError,
  SoqlLike,
  SoqlName,
  type SoqlScalar,
  type SoqlSelect,
  type SoqlValue,
  type SoqlWhere,
  soql,
  soqlLike,
  soqlLiteral,
  soqlName,
  soqlSelect,
} from "./soql";
