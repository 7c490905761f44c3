export { connect, jwtAudience, type SalesforceAuth, SalesforceLoginFailed, salesforceApiVersion } from "./auth";
export { SalesforceConnector, type SalesforceConnectorOptions } from "./connector";
export { salesforceAuthFromConfig, salesforceFromConfig } from "./from-config";
export {
  CaseDefaultField,
  ContactDefaultField,
  defaultSalesforceMapping,
  providerOf,
  resolveMapping,
  SalesforceFieldName,
  SalesforceMapping,
  SalesforceMappingSettings,
  SalesforceSettings,
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
