import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set when DynamoDB Local runs: the store tests then run against it as well as dynalite. */
    dynamodbLocalEndpoint: string | undefined;
  }
}

const jarDir = join(process.cwd(), ".dynamodb-local");

/**
 * Starts DynamoDB Local once for the whole run when it has been fetched
 * (`scripts/setup-dynamodb-local.sh`, which `.ci/run` calls). In CI it is required.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(jarDir, "DynamoDBLocal.jar"))) {
    if (process.env.CI) throw new Error("CI needs DynamoDB Local: run scripts/setup-dynamodb-local.sh first");
    project.provide("dynamodbLocalEndpoint", undefined);
    return;
  }
  const port = await freePort();
  const java: ChildProcess = spawn(
    "java",
    [
      `-Djava.library.path=${join(jarDir, "DynamoDBLocal_lib")}`,
      "-jar",
      join(jarDir, "DynamoDBLocal.jar"),
      "-inMemory",
      "-port",
      String(port),
    ],
    { stdio: "ignore", cwd: jarDir },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilServing(endpoint, java);
  project.provide("dynamodbLocalEndpoint", endpoint);
  return () => {
    java.kill("SIGTERM");
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilServing(endpoint: string, java: ChildProcess) {
  for (let waited = 0; waited < 30_000; waited += 200) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited with ${java.exitCode}`);
    try {
      await fetch(endpoint, { method: "POST" });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error("DynamoDB Local did not start within 30 s");
}
