import autocannon from "autocannon";
import { feedCommentPayload } from "../scripts/lib/meta-samples";
import { metaJson, metaSignature } from "../scripts/lib/meta-wire";
import { startServer } from "./embedded-server";

export interface IngestOptions {
  deliveries: number;
  connections: number;
}

const secret = "bench-app-secret";
const pageId = "104817932345678";

/** One realistic feed comment per delivery, each distinct, so each must become one interaction. */
function delivery(n: number) {
  const body = metaJson(
    feedCommentPayload({
      pageId,
      postId: "9001",
      commentId: String(n),
      author: { id: `73400${n}`, name: "נועה לוי" },
      message: `Order #${n} arrived broken 😡 can I get a refund? https://example.com/o/${n}`,
      createdTime: 1_763_800_000 + (n % 86_400),
    }),
  );
  return {
    method: "POST" as const,
    path: "/webhooks/meta",
    headers: { "content-type": "application/json", "x-hub-signature-256": metaSignature(secret, body) },
    body,
  };
}

/**
 * autocannon replays a `requests` array per connection; one request whose setup takes the next
 * body from a shared list makes every delivery distinct across all connections.
 */
function distinct(pool: Array<ReturnType<typeof delivery>>): autocannon.Request[] {
  let next = 0;
  return [{ setupRequest: (request) => ({ ...request, ...pool[next++ % pool.length] }) }];
}

async function countInteractions(url: string, token: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const response = await fetch(`${url}/api/v1/interactions?limit=100${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as { items: unknown[]; nextCursor?: string };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

async function waitUntilProcessed(url: string, token: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await fetch(`${url}/api/v1/deliveries?status=pending&limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { items } = (await response.json()) as { items: unknown[] };
    if (!items.length) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error("deliveries still pending after the timeout");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Signed Meta deliveries at a fixed concurrency against the embedded stack on disk, over loopback:
 * acknowledgement throughput and latency, then the share of acknowledged deliveries that became
 * interactions once processing (which runs after the acknowledgement) has caught up.
 */
export async function benchIngest(options: IngestOptions) {
  const server = await startServer({ META_APP_SECRET: secret, META_VERIFY_TOKEN: "bench" });
  try {
    const warmup = Array.from({ length: 500 }, (_, n) => delivery(1_000_000 + n));
    await autocannon({
      url: server.url,
      connections: options.connections,
      amount: warmup.length,
      requests: distinct(warmup),
    });
    const deliveries = Array.from({ length: options.deliveries }, (_, n) => delivery(n));
    // autocannon ends a run on its one-second tick, so its own duration rounds up: time the responses.
    const started = performance.now();
    let lastResponse = started;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const run = autocannon(
        {
          url: server.url,
          connections: options.connections,
          amount: deliveries.length,
          requests: distinct(deliveries),
        },
        (error, finished) => (error ? reject(error) : resolve(finished)),
      );
      run.on("response", () => {
        lastResponse = performance.now();
      });
    });
    const acknowledged = result["2xx"];
    const catchUpMs = await waitUntilProcessed(server.url, server.adminToken, 300_000);
    const interactions = (await countInteractions(server.url, server.adminToken)) - warmup.length;
    return {
      name: "ingest",
      setup: `embedded stack (dynalite on disk), ${options.connections} connections, ${options.deliveries} signed Meta deliveries, loopback`,
      deliveries: options.deliveries,
      connections: options.connections,
      acknowledged,
      rejected: result.non2xx + result.errors + result.timeouts,
      throughputPerSecond: Math.round(acknowledged / ((lastResponse - started) / 1000)),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      processingCatchUpMs: catchUpMs,
      interactions,
      durableShare: acknowledged ? interactions / acknowledged : 0,
      target: { throughputPerSecond: 2000, p99Ms: 50, durableShare: 1 },
    };
  } finally {
    await server.stop();
  }
}
