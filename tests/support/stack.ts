import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "@scrm/core";
import { type EmbeddedOptions, type EmbeddedStack, startEmbedded } from "@scrm/embedded";

export const testSecrets = {
  appSecret: "test-app-secret",
  verifyToken: "test-verify-token",
  adminToken: "test-admin-token",
};

export interface TestStack extends EmbeddedStack {
  dataDir: string;
  /** GET/POST/… on the admin API with the bearer token; answers parsed JSON. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
}

/** A real embedded stack on an ephemeral port: dynalite (in memory unless `onDisk`), real HTTP. */
export async function startTestStack(
  options: { env?: Record<string, string | undefined>; onDisk?: boolean; dataDir?: string } & Omit<
    EmbeddedOptions,
    "config"
  > = {},
): Promise<TestStack> {
  const { env, onDisk, dataDir: givenDir, ...embedded } = options;
  const dataDir = givenDir ?? mkdtempSync(join(tmpdir(), "scrm-test-"));
  const config = parseConfig({
    PORT: "0",
    DATA_DIR: dataDir,
    ADMIN_TOKEN: testSecrets.adminToken,
    META_APP_SECRET: testSecrets.appSecret,
    META_VERIFY_TOKEN: testSecrets.verifyToken,
    LOG_LEVEL: "silent",
    ...env,
  });
  const stack = await startEmbedded({ inMemory: !onDisk, bus: { retryDelayMs: 10 }, ...embedded, config });
  return {
    ...stack,
    dataDir,
    async api(path, init = {}) {
      const response = await fetch(`${stack.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${testSecrets.adminToken}`, ...init.headers },
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never };
    },
  };
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}
