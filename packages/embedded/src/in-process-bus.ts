import type { BatchHandler, Bus, BusEvent, Logger, Route } from "@scrm/core";

export type EventHandler = (event: BusEvent) => Promise<void>;

export interface DeadLetter {
  route: Route;
  event: BusEvent;
  attempts: number;
  error: string;
}

export interface InProcessBusOptions {
  /** How many handler invocations run at once. */
  concurrency?: number;
  /** First retry delay; doubles per attempt (with jitter), capped at `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * While this answers true, handlers wait (acknowledging webhooks comes first), except that a job
   * waiting longer than `maxYieldMs` runs anyway, one at a time, so work is delayed, never starved.
   */
  yieldWhile?: () => boolean;
  maxYieldMs?: number;
}

interface Job {
  route: Route;
  event: BusEvent;
  /** A batched route's job carries the events gathered with it. */
  batch?: BusEvent[];
  attempt: number;
  queuedAt: number;
}

/**
 * EventBridge's delivery semantics in process: every route whose event type matches gets the
 * event, at least once, retried with backoff when its handler throws, dead-lettered after the
 * route's `maxAttempts`. Built from the same routing table as the EventBridge rules.
 */
export class InProcessBus implements Bus {
  private readonly queue: Job[] = [];
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly routesByEvent = new Map<string, Route[]>();
  private running = 0;
  private yieldTimer: NodeJS.Timeout | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly deadLetters: DeadLetter[] = [];

  constructor(
    routes: readonly Route[],
    private readonly handlers: Readonly<Record<string, EventHandler | BatchHandler>>,
    private readonly logger: Logger,
    private readonly options: InProcessBusOptions = {},
  ) {
    for (const route of routes) {
      if (!handlers[route.handler])
        throw new Error(`route ${route.event} names handler "${route.handler}", not registered`);
      this.routesByEvent.set(route.event, [...(this.routesByEvent.get(route.event) ?? []), route]);
    }
  }

  async publish(events: BusEvent[]): Promise<void> {
    if (this.stopped) throw new Error("bus is stopped");
    for (const event of events) {
      // Like EventBridge, an event no rule matches is accepted and goes nowhere.
      for (const route of this.routesByEvent.get(event.type) ?? [])
        this.queue.push({ route, event, attempt: 1, queuedAt: Date.now() });
    }
    this.pump();
  }

  /** Resolves when nothing is queued, running or waiting to be retried. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Finishes queued work for up to `graceMs` (handlers may still publish while it does), then stops:
   * running handlers complete, what is left is dropped (its deliveries stay pending in the store and
   * the recovery sweep processes them after the next start).
   */
  async stop(graceMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drain(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.stopped = true;
    this.queue.length = 0;
    for (const retry of this.retries) clearTimeout(retry);
    this.retries.clear();
    clearTimeout(this.yieldTimer);
    this.yieldTimer = undefined;
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    await this.drain();
  }

  /** Nothing queued, running or waiting for a retry. */
  get idle(): boolean {
    return this.isIdle();
  }

  private isIdle() {
    return this.running === 0 && this.queue.length === 0 && this.retries.size === 0;
  }

  private lanes(): number {
    const concurrency = this.options.concurrency ?? 8;
    if (this.stopped || !this.options.yieldWhile?.()) return concurrency;
    const oldest = this.queue[0];
    const overdue = oldest && Date.now() - oldest.queuedAt > (this.options.maxYieldMs ?? 5_000);
    if (!overdue && this.queue.length && !this.yieldTimer) {
      this.yieldTimer = setTimeout(() => {
        this.yieldTimer = undefined;
        this.pump();
      }, 5);
    }
    return overdue ? 1 : 0;
  }

  /**
   * The next job to run: a batched route's first event takes the queued events of the same route with
   * it, and waits up to the route's window for more while the batch is not full.
   */
  private take(): Job | undefined {
    for (let index = 0; index < this.queue.length; index++) {
      const job = this.queue[index] as Job;
      const batch = job.route.batch;
      if (!batch || job.batch) return this.queue.splice(index, 1)[0];
      const same = this.queue.filter((other) => other.route === job.route && !other.batch);
      const waited = Date.now() - job.queuedAt;
      if (same.length < batch.maxSize && waited < batch.windowMs && !this.stopped) {
        this.batchTimer ??= setTimeout(() => {
          this.batchTimer = undefined;
          this.pump();
        }, batch.windowMs - waited);
        continue;
      }
      const taken = same.slice(0, batch.maxSize);
      for (const other of taken) this.queue.splice(this.queue.indexOf(other), 1);
      return { ...job, batch: taken.map((other) => other.event) };
    }
    return undefined;
  }

  private pump() {
    const lanes = this.lanes();
    while (this.running < lanes && this.queue.length) {
      const job = this.take();
      if (!job) return;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
        if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async run(job: Job) {
    try {
      const handler = this.handlers[job.route.handler];
      // A batched route's events are retried together, so the job's attempt is the batch's.
      if (job.batch) await (handler as BatchHandler)(job.batch, { attempt: job.attempt });
      else await (handler as EventHandler)(job.event);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.stopped) {
        this.logger.warn("bus stopped before the handler succeeded; its work stays pending for recovery", {
          handler: job.route.handler,
          event: job.event.type,
          error: message,
        });
        return;
      }
      if (job.attempt >= job.route.maxAttempts) {
        for (const event of job.batch ?? [job.event]) {
          this.deadLetters.push({ route: job.route, event, attempts: job.attempt, error: message });
        }
        this.logger.error("handler failed for good; event dead-lettered", {
          handler: job.route.handler,
          event: job.event.type,
          attempts: job.attempt,
          error: message,
        });
        return;
      }
      const base = this.options.retryDelayMs ?? 100;
      const delay =
        Math.min(this.options.maxRetryDelayMs ?? 30_000, base * 2 ** (job.attempt - 1)) * (0.5 + Math.random());
      this.logger.warn("handler failed; retrying", {
        handler: job.route.handler,
        event: job.event.type,
        attempt: job.attempt,
        retryInMs: Math.round(delay),
        error: message,
      });
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        this.queue.push({ ...job, attempt: job.attempt + 1, queuedAt: Date.now() });
        this.pump();
      }, delay);
      this.retries.add(timer);
    }
  }
}
