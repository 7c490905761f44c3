export { crmConnectorsFromConfig } from "./connectors";
export { CrmMappingDocument, readCrmMapping } from "./crm-mapping";
