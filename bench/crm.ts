import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  type BusEvent,
  type CrmConnector,
  type CrmTarget,
  EventType,
  type Interaction,
  interactionId,
  type Logger,
  type PendingEvent,
  routes,
  type SyncDeps,
  syncBatch,
  syncRequest,
  systemClock,
} from "@scrm/core";
import { createDynamoClients, DynamoInteractionStore, decisionStores, ensureTable } from "@scrm/dynamodb";
import { startDynalite } from "@scrm/embedded";
import { defaultHubSpotMapping, HubSpotConnector } from "@scrm/hubspot";
import { defaultSalesforceMapping, SalesforceConnector } from "@scrm/salesforce";
import { seededRandom } from "../packages/core/src/testing/seeded-random";
import { startHubSpotFake } from "../tests/fakes/hubspot";
import { startSalesforceFake } from "../tests/fakes/salesforce";

/**
 * Issue 5: CRM API calls per 1,000 interactions and sync throughput, through the real sync path
 * (`syncBatch` with the real connectors and the DynamoDB stores on an in-memory dynalite) against
 * the local Salesforce and HubSpot fakes.
 */
export interface CrmBenchOptions {
  quick: boolean;
}

/** Calls per 1,000 interactions the issue asks for. */
const targets = { salesforce: 10, hubspot: 30 } as const;
/** One call per record per object: a contact, a case (ticket) and a note for every interaction. */
const naiveCallsPerInteraction = 3;
/** The bus hands `sync-crm` batches of this size (the route's batch size). */
const busBatch = routes.find((route) => route.event === EventType.syncRequested)?.batch?.maxSize ?? 200;

const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const english = [
  "my order never arrived",
  "still waiting for my refund",
  "the app keeps crashing when I try to pay",
  "where is my package",
  "I was charged twice",
  "can I change my address",
  "the box arrived damaged",
  "nobody answers the phone",
  "thank you for the quick reply",
  "is this available in blue",
  "write me at {email}",
  "order #77812 is still not here",
];
const hebrew = [
  "ההזמנה שלי לא הגיעה",
  "אני מחכה להחזר כספי כבר חודש",
  "האפליקציה לא עובדת",
  "מתי המשלוח יגיע",
  "המוצר הגיע שבור",
  "חייבו אותי פעמיים",
  "אפשר לשנות כתובת",
  "אף אחד לא עונה לטלפון",
  "תודה רבה על השירות",
  "קניתי iPhone 15 והוא לא עובד",
];
const emoji = ["😡", "🙏", "❤️", "🤬", "📦", "👍"];
const firstNames = [
  "Noa",
  "Dana",
  "Yossi",
  "Avi",
  "Maya",
  "John",
  "Sarah",
  "Omer",
  "Tamar",
  "Ana",
  "נועה",
  "שרה",
  "משה",
];
const lastNames = ["Levi", "Cohen", "Mizrahi", "Smith", "Lima", "Friedman", "לוי", "כהן", "פרץ"];
const platforms = [
  { name: "facebook", kinds: ["comment", "reply"], handles: false },
  { name: "instagram", kinds: ["comment", "mention"], handles: true },
  { name: "messenger", kinds: ["message"], handles: false },
  { name: "whatsapp", kinds: ["message"], handles: false },
  { name: "x", kinds: ["mention", "reply"], handles: true },
] as const;

/**
 * `count` inbound interactions over about 0.3 × count threads and 0.25 × count authors (300 and
 * 250 for 1,000): every thread has its customer, who writes most of it, a few others join public
 * threads; busy threads get more messages; English, Hebrew, a few mixed, emoji.
 */
export function crmInteractions(count: number): Interaction[] {
  const next = seededRandom(5_005);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const threadCount = Math.max(1, Math.round(count * 0.3));
  const authorCount = Math.max(1, Math.round(count * 0.25));

  const authors = Array.from({ length: authorCount }, (_, n) => {
    const platform = platforms[n % platforms.length] as (typeof platforms)[number];
    const name = `${pick(firstNames)} ${pick(lastNames)}`;
    return {
      platform,
      author: {
        id: `${platform.name}-${7_340_000 + n}`,
        name,
        ...(platform.handles ? { handle: `user_${n}` } : {}),
        followers: Math.floor(10 ** (next() * 5)),
      },
      email: `customer.${n}@example.com`,
    };
  });
  const threads = Array.from({ length: threadCount }, (_, n) => {
    // Every author starts a thread (there are more threads than authors), the rest start a second one.
    const owner = n < authorCount ? (authors[n] as (typeof authors)[number]) : pick(authors);
    const peers = authors.filter((candidate) => candidate.platform === owner.platform);
    return { n, owner, peers, id: `${owner.platform.name === "facebook" ? "104817932345678_" : ""}t${9_000 + n}` };
  });
  // Every thread once, the rest skewed towards busy threads; then shuffled into arrival order.
  const order = threads.map((thread) => thread);
  while (order.length < count) order.push(threads[Math.floor(threadCount * next() ** 2)] as (typeof threads)[number]);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] as (typeof threads)[number], order[i] as (typeof threads)[number]];
  }

  const start = Date.UTC(2026, 10, 20, 8, 0, 0);
  const started = new Set<number>();
  return order.slice(0, count).map((thread, n) => {
    const { platform } = thread.owner;
    const direct = platform.name === "messenger" || platform.name === "whatsapp";
    const first = !started.has(thread.n);
    started.add(thread.n);
    const from = first || direct || next() < 0.75 ? thread.owner : pick(thread.peers);
    const roll = next();
    const fragments = roll < 0.45 ? english : roll < 0.9 ? hebrew : [...english, ...hebrew];
    const text = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(fragments))
      .join(". ")
      .replace("{email}", from.email);
    const externalId = `${thread.id}_${n}`;
    const at = new Date(start + n * 37_000).toISOString();
    const sentiment = pick(["negative", "negative", "neutral", "positive"] as const);
    return {
      id: interactionId(platform.name, externalId),
      workspaceId: "default",
      platform: platform.name,
      kind: pick(platform.kinds),
      direction: "inbound",
      externalId,
      threadId: thread.id,
      account: { id: "104817932345678" },
      author: from.author,
      text: next() < 0.3 ? `${text} ${pick(emoji)}` : text,
      occurredAt: at,
      receivedAt: at,
      language: roll < 0.45 ? "en" : roll < 0.9 ? "he" : "mixed",
      sentiment: { label: sentiment, score: sentiment === "negative" ? -0.6 : sentiment === "positive" ? 0.7 : 0 },
      tags: [],
      priority: pick(["normal", "normal", "normal", "high", "urgent", "low"] as const),
      status: "open",
      deliveryId: `d-${n}`,
      history: [],
    } satisfies Interaction;
  });
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Fake {
  /** API calls so far (no OAuth/token requests), as `METHOD path`. */
  apiCalls(): string[];
  /** Records in the CRM per case key, contacts and notes (undefined where the CRM gets none). */
  recordsByCaseKey(): Map<string, number>;
  contacts(): number;
  notes(): number | undefined;
  connector: CrmConnector;
  stop(): Promise<void>;
}

async function salesforceFake(): Promise<Fake> {
  const fake = await startSalesforceFake();
  return {
    apiCalls: () =>
      fake.requests
        .filter((request) => request.path.startsWith("/services/data/"))
        .map((request) => `${request.method} ${request.path}`),
    recordsByCaseKey: () =>
      countBy(fake.records("Case").map((record) => String(record[defaultSalesforceMapping.caseKeyField]))),
    contacts: () => fake.records("Contact").length,
    notes: () => undefined,
    connector: new SalesforceConnector({
      auth: { instanceUrl: fake.url, accessToken: fake.accessToken },
      logger: silent,
    }),
    stop: () => fake.stop(),
  };
}

async function hubspotFake(): Promise<Fake> {
  const fake = await startHubSpotFake({ withProperties: true });
  return {
    apiCalls: () =>
      fake.requests
        .filter((request) => request.path.startsWith("/crm/"))
        .map((request) => `${request.method} ${request.path}`),
    recordsByCaseKey: () =>
      countBy(
        fake.objects("tickets").map((ticket) => String(ticket.properties[defaultHubSpotMapping.caseKeyProperty])),
      ),
    contacts: () => fake.objects("contacts").length,
    notes: () => fake.objects("notes").length,
    connector: new HubSpotConnector({ accessToken: "test-token", basePath: fake.url, logger: silent }),
    stop: () => fake.stop(),
  };
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** One CRM: a fresh table, every interaction stored with its pending sync request, then `syncBatch` per bus batch. */
async function benchTarget(target: CrmTarget, endpoint: string, interactions: Interaction[]) {
  const fake = target === "salesforce" ? await salesforceFake() : await hubspotFake();
  const { client, documents } = createDynamoClients({ endpoint, region: "us-east-1" });
  try {
    const tableName = `bench-crm-${target}-${randomUUID().slice(0, 8)}`;
    await ensureTable(client, tableName);
    const store = new DynamoInteractionStore(documents, tableName);
    const { outbox, cases, failures, records: crmRecords } = decisionStores(documents, tableName);
    const published: BusEvent[] = [];
    // Time inside the connector (the CRM calls), to tell it from the DynamoDB reads and write-backs.
    let crmMs = 0;
    const timed: CrmConnector = {
      target: fake.connector.target,
      maxBatch: fake.connector.maxBatch,
      sync: async (items) => {
        const before = performance.now();
        try {
          return await fake.connector.sync(items);
        } finally {
          crmMs += performance.now() - before;
        }
      },
    };
    const deps: SyncDeps = {
      interactions: store,
      connectors: { [target]: timed },
      cases,
      failures,
      records: crmRecords,
      bus: { publish: async (events) => void published.push(...events) },
      outbox,
      clock: systemClock,
      logger: silent,
    };

    // As the rules pass leaves them: each interaction with its awaited sync request, due for the sweeper later.
    const events: BusEvent[] = [];
    const dueAt = new Date(Date.now() + 10 * 60_000);
    for (let start = 0; start < interactions.length; start += 25) {
      await Promise.all(
        interactions.slice(start, start + 25).map(async (interaction) => {
          const request: PendingEvent = syncRequest(interaction, target, randomUUID());
          await store.put(interaction, undefined, { events: [request], dueAt });
          events.push({ type: request.type, detail: request.detail });
        }),
      );
    }

    const batchMs: number[] = [];
    const batchSizes: number[] = [];
    const started = performance.now();
    for (let start = 0; start < events.length; start += busBatch) {
      const before = performance.now();
      const batch = events.slice(start, start + busBatch);
      batchSizes.push(batch.length);
      await syncBatch(deps, batch);
      batchMs.push(performance.now() - before);
    }
    const elapsedMs = performance.now() - started;

    const calls = fake.apiCalls();
    const byCall: Record<string, number> = {};
    for (const call of calls) {
      const shape = call.replace(/\/v\d+\.\d\//, "/vXX.X/");
      byCall[shape] = (byCall[shape] ?? 0) + 1;
    }

    // Correctness: every interaction synced with nothing pending, exactly one CRM record per case key.
    const problems: string[] = [];
    const caseKeys = new Set<string>();
    let synced = 0;
    for (const interaction of interactions) {
      const stored = await store.get(interaction.id);
      const sync = stored?.interaction.sync?.[target];
      if (sync?.state !== "synced")
        problems.push(`${interaction.id}: ${sync?.state ?? "no sync"} ${sync?.lastError ?? ""}`);
      else if (!sync.caseKey) problems.push(`${interaction.id}: synced without a case key`);
      else {
        caseKeys.add(sync.caseKey);
        synced++;
      }
      if (stored?.pending.length) problems.push(`${interaction.id}: ${stored.pending.length} events still pending`);
    }
    const records = fake.recordsByCaseKey();
    for (const key of caseKeys) {
      if (records.get(key) !== 1) problems.push(`case key ${key}: ${records.get(key) ?? 0} records`);
    }
    for (const [key, n] of records)
      if (!caseKeys.has(key)) problems.push(`case key ${key}: ${n} records, no interaction`);
    const handles = new Set(interactions.map((i) => `${i.platform}:${i.author.handle ?? i.author.id}`));
    if (fake.contacts() !== handles.size) problems.push(`${fake.contacts()} contacts for ${handles.size} authors`);
    const notes = fake.notes();
    if (notes !== undefined && notes !== interactions.length)
      problems.push(`${notes} notes for ${interactions.length} interactions`);

    const scale = 1_000 / interactions.length;
    batchMs.sort((a, b) => a - b);
    return {
      target,
      apiCalls: calls.length,
      callsPer1000: Math.round(calls.length * scale * 10) / 10,
      targetCallsPer1000: targets[target],
      metTarget: calls.length * scale <= targets[target],
      naiveCallsPer1000: naiveCallsPerInteraction * 1_000,
      fewerCallsThanNaive: Math.round((naiveCallsPerInteraction * interactions.length) / Math.max(1, calls.length)),
      calls: byCall,
      connectorBatch: fake.connector.maxBatch,
      busBatches: batchMs.length,
      busBatchSizes: batchSizes,
      elapsedMs: Math.round(elapsedMs),
      crmMs: Math.round(crmMs),
      interactionsPerSecond: Math.round(interactions.length / (elapsedMs / 1_000)),
      batchMs: { p50: Math.round(percentile(batchMs, 50)), max: Math.round(batchMs.at(-1) ?? 0) },
      records: { cases: caseKeys.size, contacts: fake.contacts(), ...(notes === undefined ? {} : { notes }) },
      synced,
      correct: problems.length === 0,
      problems: problems.slice(0, 10),
    };
  } finally {
    client.destroy();
    await fake.stop();
  }
}

/**
 * CRM API calls per 1,000 interactions and sync throughput (interactions/s from the first bus batch
 * to the last write-back, sequential batches, after a discarded warm-up), per CRM, with correctness
 * checked after.
 */
export async function benchCrm(options: CrmBenchOptions) {
  const interactions = crmInteractions(options.quick ? 300 : 1_000);
  const threads = new Set(interactions.map((i) => `${i.platform}#${i.threadId}`)).size;
  const authors = new Set(interactions.map((i) => `${i.platform}:${i.author.handle ?? i.author.id}`)).size;
  const dynalite = await startDynalite(undefined);
  try {
    // A discarded warm-up of both paths (own fakes and tables): otherwise the first CRM measured also pays for
    // dynalite's and the SDKs' warm-up (measured: ~190 against ~320 interactions/s for the same work).
    const warmUp = crmInteractions(busBatch);
    for (const target of ["salesforce", "hubspot"] as const) await benchTarget(target, dynalite.endpoint, warmUp);
    const salesforce = await benchTarget("salesforce", dynalite.endpoint, interactions);
    const hubspot = await benchTarget("hubspot", dynalite.endpoint, interactions);
    return {
      name: "crm",
      setup: `${interactions.length} interactions, ${threads} threads, ${authors} authors; syncBatch in bus batches of ${busBatch}, one at a time; DynamoDB stores on in-memory dynalite; local CRM fakes`,
      interactions: interactions.length,
      threads,
      authors,
      busBatch,
      targets: [salesforce, hubspot],
      correct: salesforce.correct && hubspot.correct,
    };
  } finally {
    await dynalite.stop();
  }
}

export function printCrm(result: Awaited<ReturnType<typeof benchCrm>>) {
  console.log(`\ncrm sync (${result.setup})`);
  for (const target of result.targets) {
    const label = target.target === "salesforce" ? "Salesforce" : "HubSpot";
    console.log(
      `  ${label.padEnd(10)} ${target.callsPer1000} API calls per 1,000 interactions   (target ≤ ${target.targetCallsPer1000}${target.metTarget ? "" : ", MISSED"}; naive ${target.naiveCallsPer1000}, ${target.fewerCallsThanNaive}× fewer)`,
    );
    console.log(
      `             ${target.apiCalls} calls in ${target.busBatches} bus batches of ${target.busBatchSizes.join(" + ")} (connector batch ${target.connectorBatch}): ${Object.entries(
        target.calls,
      )
        .map(([call, n]) => `${n}× ${call}`)
        .join(", ")}`,
    );
    console.log(
      `             throughput ${target.interactionsPerSecond} interactions/s end to end   (${target.elapsedMs} ms, ${target.crmMs} ms of it in CRM calls; per bus batch p50 ${target.batchMs.p50} ms, max ${target.batchMs.max} ms)`,
    );
    const notes = "notes" in target.records ? `, ${target.records.notes} notes` : "";
    console.log(
      `             ${target.correct ? "ok" : "FAILED"}: ${target.synced}/${result.interactions} synced; ${target.records.cases} case keys, one record each${target.correct ? "" : "?"}; ${target.records.contacts} contacts${notes}`,
    );
    for (const problem of target.problems) console.log(`             ${problem}`);
  }
}
