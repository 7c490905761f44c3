/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    return {
      name: "scrm-relay",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    // Stacks are plain modules, one per concern, loaded here as SST asks (no top-level imports in this file).
    const { createSecrets } = await import("./stacks/secrets");
    const { createStorage } = await import("./stacks/storage");
    const { createBus } = await import("./stacks/bus");
    const { createWebhooks } = await import("./stacks/webhooks");
    const { createRecovery } = await import("./stacks/recovery");
    const { createAlarms } = await import("./stacks/alarms");

    const secrets = createSecrets();
    const table = createStorage();
    const { bus, functionNames, deadLetterQueues, workQueues } = createBus({ table, secrets });
    const { api, webhook, admin } = createWebhooks({ table, bus, secrets });
    const recovery = createRecovery({ table, bus, secrets });
    const alarms = createAlarms({
      functionNames: {
        ...functionNames,
        Webhook: webhook.name,
        AdminApi: admin.name,
        RecoverDeliveries: recovery.nodes.function.name,
      },
      deadLetterQueues,
      workQueues,
      apiId: api.nodes.api.id,
      tableName: table.name,
    });

    return { url: api.url, table: table.name, bus: bus.name, alarmsTopic: alarms.arn };
  },
});
