import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An AWS JSON-protocol call as the proxy saw it pass: the operation and the IAM action it needs. */
export interface RecordedCall {
  /** `X-Amz-Target`, e.g. `DynamoDB_20120810.PutItem`, `AWSEvents.PutEvents`. */
  target: string;
  /** `dynamodb:PutItem`, `events:PutEvents`. */
  action: string;
}

/** The IAM service prefix of each AWS JSON target prefix the functions call. */
const servicePrefixes: Record<string, string> = { DynamoDB_20120810: "dynamodb", AWSEvents: "events" };

/** `DynamoDB_20120810.PutItem` → `dynamodb:PutItem` (these operations are named as their IAM actions). */
export function iamActionOf(target: string): string {
  const [prefix = "", operation = ""] = target.split(".");
  const service = servicePrefixes[prefix];
  if (!service || !operation) throw new Error(`no IAM action known for X-Amz-Target ${target}`);
  return `${service}:${operation}`;
}

/**
 * A real HTTP server in front of an AWS-compatible endpoint (dynalite, the PutEvents fake) that
 * forwards every request unchanged and records its `X-Amz-Target`: what a function actually calls,
 * as IAM would see it. Give its `endpoint` to the SDK client instead of the upstream's.
 */
export async function startRecordingProxy(upstream: string, calls: RecordedCall[] = []) {
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    void relay(incoming, outgoing).catch((error: unknown) => {
      outgoing.writeHead(502, { "content-type": "text/plain" }).end(String(error));
    });
  });

  async function relay(incoming: IncomingMessage, outgoing: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const amzTarget = incoming.headers["x-amz-target"];
    if (typeof amzTarget === "string") calls.push({ target: amzTarget, action: iamActionOf(amzTarget) });
    await new Promise<void>((done, fail) => {
      const upstreamRequest = forward(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          answer.on("end", done);
          answer.on("error", fail);
        },
      );
      upstreamRequest.on("error", fail);
      upstreamRequest.end(Buffer.concat(chunks));
    });
  }

  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    async stop() {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}
