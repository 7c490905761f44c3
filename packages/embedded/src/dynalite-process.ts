/**
 * Runs dynalite in its own process, so the DynamoDB-compatible server gets a core of its own
 * instead of sharing the event loop with the HTTP server. Started by `dynalite-server.ts`.
 */
import dynalite from "dynalite";

const path = process.env.DYNALITE_PATH || undefined;
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.send?.({ ready: true, port });
});

function stop() {
  // Closing the server closes LevelDB, so everything written is on disk before exit.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on("disconnect", stop);
process.on("SIGTERM", stop);
process.on("SIGINT", () => {
  // The parent decides when to stop (it flushes first); a terminal Ctrl-C reaches us too.
});
