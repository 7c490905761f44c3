export { connect, type SalesforceAuth, salesforceApiVersion } from "./auth";
export { SalesforceConnector, type SalesforceConnectorOptions } from "./connector";
export { salesforceFromConfig } from "./from-config";
export { defaultSalesforceMapping, type SalesforceMapping } from "./mapping";
