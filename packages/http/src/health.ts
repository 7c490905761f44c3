import type { Env, Hono } from "hono";

/** `GET /healthz`: 200 while serving, with what the stack says about itself (mode, configured integrations). */
export function serveHealth(app: Hono<Env>, describe?: () => Record<string, unknown>) {
  app.get("/healthz", (c) => c.json({ ok: true as const, ...describe?.() }, 200));
}
