import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A secret set in the configuration, or else one generated once and kept in the data folder, so it
 * survives restarts (receivers and scripts keep working).
 */
export function resolveGeneratedSecret(
  configured: string | undefined,
  dataDir: string,
  fileName: string,
  generate: () => string,
): { value: string; generated: boolean } {
  if (configured) return { value: configured, generated: false };
  const file = join(dataDir, fileName);
  try {
    const stored = readFileSync(file, "utf8").trim();
    if (stored) return { value: stored, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, generated: true };
}

/** `ADMIN_TOKEN` when set; otherwise one generated once and kept in the data folder. */
export function resolveAdminToken(
  configured: string | undefined,
  dataDir: string,
): { token: string; generated: boolean } {
  const { value, generated } = resolveGeneratedSecret(configured, dataDir, "admin-token", () =>
    randomBytes(24).toString("base64url"),
  );
  return { token: value, generated };
}
