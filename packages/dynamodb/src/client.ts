import { Agent } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoConnection {
  /** Omit on AWS; a local endpoint (dynalite, DynamoDB Local) otherwise. */
  endpoint?: string;
  region: string;
}

export function createDynamoClients(connection: DynamoConnection) {
  const local = Boolean(connection.endpoint);
  const client = new DynamoDBClient({
    region: connection.region,
    ...(local
      ? {
          endpoint: connection.endpoint,
          // Local servers accept any credentials; real ones come from the Lambda role on AWS.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
          requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
        }
      : {}),
    maxAttempts: 5,
  });
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { client, documents };
}
