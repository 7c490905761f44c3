import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts dynalite (a DynamoDB-compatible server) in a child process: on disk under `path`, or in
 * memory when `path` is undefined. The child exits with its parent.
 */
export async function startDynalite(path: string | undefined): Promise<LocalDynamo> {
  if (path) mkdirSync(path, { recursive: true });
  const script = fileURLToPath(new URL("./dynalite-process.ts", import.meta.url));
  const child: ChildProcess = fork(script, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, DYNALITE_PATH: path ?? "" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("dynalite did not start within 20 s")), 20_000);
    child.once("message", (message: { port?: number }) => {
      clearTimeout(timer);
      if (message.port) resolve(message.port);
      else reject(new Error("dynalite did not report its port"));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited early with code ${code}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
