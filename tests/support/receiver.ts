import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export type Answer = { status: number; body?: string; delayMs?: number };

/** A local HTTP receiver (a notify target) answering request n (from 1) with `answer(n)`. */
export async function startReceiver(answer: (n: number) => Answer) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const { status, body, delayMs } = answer(received.length);
      const reply = () => response.writeHead(status, { "content-type": "text/plain" }).end(body ?? "");
      setTimeout(reply, delayMs ?? 0);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/scrm?x=1`;
  return {
    url,
    received,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    },
  };
}
