import { type RecoverDeliveriesDeps, recoverDeliveries } from "@scrm/core";

/** Recovery in the embedded stack: once at start (everything pending), then every `intervalMs`. */
export function startRecovery(deps: RecoverDeliveriesDeps & { intervalMs?: number; graceMs?: number }) {
  const timer = setInterval(() => {
    recoverDeliveries(deps, { graceMs: deps.graceMs ?? 60_000 }).catch((error: unknown) =>
      deps.logger.error("recovery sweep failed", { error: String(error) }),
    );
  }, deps.intervalMs ?? 30_000);
  timer.unref();
  return { initial: recoverDeliveries(deps, { graceMs: 0 }), stop: () => clearInterval(timer) };
}
