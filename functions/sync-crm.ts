import { composeAws, sqsBatchHandler } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { createHandlers } from "@scrm/core";
import { crmConnectorsFromConfig } from "@scrm/crm";

/** Built once per cold start: the CRM connectors keep their session and what they learnt of the org. */
const config = functionConfig("sync-crm");
const deps = composeAws(config, { connectors: (logger) => crmConnectorsFromConfig(config, logger) });

/**
 * SQS consumer of `sync.requested` (EventBridge rule → queue → this function, in batches): the
 * interactions go to their CRM in the CRM's batch sizes, each answer written back conditionally.
 * Partial batch responses: a broken record fails alone; a failed batch is delivered again and its
 * receive count tells the sync that an earlier attempt may have reached the CRM.
 */
export const handler = sqsBatchHandler(createHandlers(deps)["sync-crm"], deps.logger);
