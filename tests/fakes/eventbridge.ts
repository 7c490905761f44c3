import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An entry the fake accepted, as sent, with the id it answered. */
export interface RecordedEntry {
  EventId: string;
  EventBusName?: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: number | string;
  Resources?: string[];
}

/** One PutEvents call as received. */
export interface RecordedCall {
  entries: number;
  /** Size of the call as EventBridge counts it against its 256 KB limit. */
  bytes: number;
}

export interface FakeEventBridge {
  /** Give this to the SDK client as `endpoint` (config `EVENTBRIDGE_ENDPOINT`). */
  endpoint: string;
  entries: RecordedEntry[];
  calls: RecordedCall[];
  /** The next `count` entries received (across calls) are answered failed with `errorCode`. */
  failNext(count: number, errorCode?: string, errorMessage?: string): void;
  reset(): void;
  stop(): Promise<void>;
}

type RequestEntry = Partial<Omit<RecordedEntry, "EventId">>;

const maxEntries = 10;
const maxBytes = 256 * 1024;
const jsonType = "application/x-amz-json-1.1";

/**
 * A local stand-in for Amazon EventBridge's PutEvents, speaking the AWS JSON 1.1 protocol the SDK
 * uses (`x-amz-target: AWSEvents.PutEvents`). It enforces the documented limits (10 entries and
 * 256 KB per call, required fields, JSON-object detail) and can be told to fail entries.
 */
export async function startFakeEventBridge(): Promise<FakeEventBridge> {
  const entries: RecordedEntry[] = [];
  const calls: RecordedCall[] = [];
  let failing = { count: 0, code: "ThrottlingException", message: "Rate exceeded" };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) =>
      reply(res, 500, { __type: "InternalFailure", message: String(error) }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = req.headers["x-amz-target"];
    if (req.method !== "POST" || target !== "AWSEvents.PutEvents") {
      return reply(res, 400, {
        __type: "UnknownOperationException",
        message: `unsupported operation ${String(target)}`,
      });
    }
    if (!req.headers["content-type"]?.startsWith(jsonType)) {
      return reply(res, 400, { __type: "SerializationException", message: `expected ${jsonType}` });
    }
    if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256")) {
      return reply(res, 400, { __type: "MissingAuthenticationTokenException", message: "request is not signed" });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Entries?: RequestEntry[] };
    const requested = body.Entries ?? [];
    if (requested.length < 1 || requested.length > maxEntries) {
      return reply(res, 400, {
        __type: "ValidationException",
        message: `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${maxEntries}`,
      });
    }
    const bytes = requested.reduce((sum, entry) => sum + sizeOf(entry), 0);
    if (bytes > maxBytes) {
      return reply(res, 400, {
        __type: "ValidationException",
        message: `Total size of the entries in the request is over the limit (${bytes} bytes)`,
      });
    }
    calls.push({ entries: requested.length, bytes });

    const answered = requested.map((entry) => {
      if (failing.count > 0) {
        failing.count--;
        return { ErrorCode: failing.code, ErrorMessage: failing.message };
      }
      if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
        return { ErrorCode: "InvalidArgument", ErrorMessage: "Parameters Source, DetailType and Detail are required" };
      }
      if (!isJsonObject(entry.Detail)) return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
      const EventId = randomUUID();
      entries.push({ ...entry, EventId, Source: entry.Source, DetailType: entry.DetailType, Detail: entry.Detail });
      return { EventId };
    });
    const FailedEntryCount = answered.filter((entry) => "ErrorCode" in entry).length;
    return reply(res, 200, { FailedEntryCount, Entries: answered });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    entries,
    calls,
    failNext(count, code = "ThrottlingException", message = "Rate exceeded") {
      failing = { count, code, message };
    },
    reset() {
      entries.length = 0;
      calls.length = 0;
      failing = { ...failing, count: 0 };
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": jsonType, "x-amzn-requestid": randomUUID() };
  if (status >= 400 && typeof body.__type === "string") headers["x-amzn-errortype"] = body.__type;
  res.writeHead(status, headers).end(text);
}

/** EventBridge's documented entry size: Time (14 bytes when present) plus the UTF-8 bytes of the strings. */
function sizeOf(entry: RequestEntry): number {
  const texts = [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])];
  return (
    (entry.Time === undefined ? 0 : 14) + texts.reduce((sum, text) => sum + (text ? Buffer.byteLength(text) : 0), 0)
  );
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}
