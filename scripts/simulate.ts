/**
 * Sends one realistic, signed Meta webhook to a running scrm-relay and shows the interaction it made.
 *
 * @example npm run simulate -- meta comment --text "שלום 👋"
 */
import { randomInt } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Interaction, interactionId } from "@scrm/core";
import { config as loadDotenv } from "dotenv";
import {
  buildSample,
  type CommentRef,
  type Expected,
  isSampleKind,
  postIdOfComment,
  sampleKinds,
} from "./lib/meta-samples";
import { sendMetaDelivery } from "./lib/meta-wire";

const usage = `Usage: npm run simulate -- meta <kind> [--url URL] [--secret S] [--text "..."] [--id COMMENT_ID]

Sends a signed Meta webhook (fresh ids, current time) to /webhooks/meta and waits up to 10 s
for the interaction to appear in the admin API.

Kinds:
  comment            a customer's comment on the Facebook Page
  reply              the Page's own reply to the last comment sent (outbound)
  post               a visitor's post on the Page
  messenger          a Messenger message
  instagram-comment  a comment on the Instagram account's media
  instagram-dm       an Instagram direct message
  mention            an @mention of the Instagram account
  whatsapp           a WhatsApp text message
  whatsapp-image     a WhatsApp image with a caption
  whatsapp-status    sent/delivered/read statuses of a message of the brand's
  edit               an edit of the last comment sent (or --id)
  delete             the deletion of the last comment sent (or --id)
  batch              several events in one POST, as Meta batches them

Options:
  --url URL      the server (default http://127.0.0.1:$PORT, PORT from .env or 3000)
  --secret S     the app secret to sign with (default META_APP_SECRET from the environment or .env)
  --text "..."   the text to send instead of the sample's
  --id ID        for edit, delete, reply: the Facebook comment id to act on
  -h, --help     this help

The admin token is ADMIN_TOKEN, or the one the server generated in \${DATA_DIR:-.data}/admin-token.`;

const waitMs = 10_000;

/** A failure the user can act on: printed as is, with the exit code. */
class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { values, positionals } = parseCli();
  if (values.help) {
    console.log(usage);
    return;
  }
  const [family, kind, ...extra] = positionals;
  if (family !== "meta" || !kind || extra.length) {
    throw new Failure(`expected "meta <kind>", got "${positionals.join(" ")}"\n\n${usage}`, 2);
  }
  if (!isSampleKind(kind)) throw new Failure(`unknown kind "${kind}"; one of: ${sampleKinds.join(", ")}`, 2);

  const url = (values.url ?? `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  const secret = values.secret ?? process.env.META_APP_SECRET?.split(",")[0]?.trim();
  if (!secret) {
    throw new Failure(
      "No Meta app secret to sign with: set META_APP_SECRET (in .env, the same value the server uses) or pass --secret.",
    );
  }
  const dataDir = process.env.DATA_DIR || ".data";
  const lastFile = join(dataDir, "simulate-last.json");

  const target = targetComment(kind, values.id, lastFile);
  const sample = buildSample(kind, {
    seed: `${Date.now()}${randomInt(100, 1000)}`,
    now: new Date(),
    text: values.text,
    target,
  });

  console.log(`POST ${url}/webhooks/meta (meta ${kind})`);
  const deliveryId = await post(
    url,
    secret,
    sample.payload,
    values.secret ? "--secret" : "META_APP_SECRET from the environment or .env",
  );
  console.log(`HTTP 200 accepted, deliveryId ${deliveryId}`);

  const remembered = sample.comment ?? (kind === "edit" && target ? { ...target, text: expectedText(sample) } : null);
  if (remembered) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(lastFile, `${JSON.stringify(remembered, null, 2)}\n`);
  }

  const token = adminToken(dataDir);
  if (!token) {
    console.log(
      `No admin token to look the interaction up with: set ADMIN_TOKEN (npm start prints it) or keep the generated one in ${dataDir}/admin-token.`,
    );
    return;
  }
  console.log(
    `Waiting up to ${waitMs / 1000} s for ${sample.expected.length === 1 ? "the interaction" : `${sample.expected.length} interactions`}…`,
  );
  const found = await waitForInteractions(url, token, sample.expected);
  for (const item of found) {
    console.log(describe(item));
    console.log(`  curl -s -H "Authorization: Bearer ${token}" ${url}/api/v1/interactions/${item.id}`);
  }
}

function parseCli() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        url: { type: "string" },
        secret: { type: "string" },
        text: { type: "string" },
        id: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new Failure(`${(error as Error).message}\n\n${usage}`, 2);
  }
}

/** `reply`, `edit`, `delete`: `--id`, or the last comment this script sent. */
function targetComment(kind: string, id: string | undefined, lastFile: string): CommentRef | undefined {
  if (kind !== "reply" && kind !== "edit" && kind !== "delete") return undefined;
  const last = readLast(lastFile);
  if (id) return { commentId: id, postId: postIdOfComment(id), text: last?.commentId === id ? last.text : "" };
  if (last || kind === "reply") return last;
  throw new Failure(
    `No comment to ${kind}: send one first (npm run simulate -- meta comment) or pass --id <comment id>. (Looked in ${lastFile}.)`,
  );
}

function readLast(file: string): CommentRef | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<CommentRef>;
    if (typeof value.commentId === "string" && typeof value.postId === "string") {
      return { commentId: value.commentId, postId: value.postId, text: String(value.text ?? "") };
    }
  } catch {
    // No comment remembered yet.
  }
  return undefined;
}

const expectedText = (sample: { expected: Expected[] }) => sample.expected[0]?.text ?? "";

async function post(url: string, secret: string, payload: unknown, secretSource: string): Promise<string> {
  let response: Response;
  try {
    response = await sendMetaDelivery(url, secret, payload);
  } catch (error) {
    throw new Failure(`Cannot reach the server at ${url} (${reason(error)}). Is it running? Start it with npm start.`);
  }
  const body = (await response.json().catch(() => undefined)) as
    | { deliveryId?: string; error?: { code?: string; message?: string; details?: { variable?: string } } }
    | undefined;
  if (response.status === 200 && body?.deliveryId) return body.deliveryId;
  if (response.status === 401) {
    throw new Failure(
      `HTTP 401 ${body?.error?.code ?? ""}: the server rejected the signature. The server's META_APP_SECRET differs from the secret used here (${secretSource}); set the same value for both (in .env) or pass the server's with --secret.`,
    );
  }
  if (response.status === 503) {
    const variable = body?.error?.details?.variable ?? "META_APP_SECRET";
    throw new Failure(
      `HTTP 503: the server has no Meta app secret configured. Set ${variable} in the server's environment or .env (and META_VERIFY_TOKEN for the handshake), then restart npm start.`,
    );
  }
  throw new Failure(`HTTP ${response.status}: ${JSON.stringify(body ?? null)}`);
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function adminToken(dataDir: string): string | undefined {
  const configured = process.env.ADMIN_TOKEN?.trim();
  if (configured) return configured;
  try {
    return readFileSync(join(dataDir, "admin-token"), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Polls the admin API until every expected interaction exists and shows the change sent. */
async function waitForInteractions(url: string, token: string, expected: Expected[]): Promise<Interaction[]> {
  const deadline = Date.now() + waitMs;
  const ids = expected.map((want) => interactionId(want.platform, want.externalId));
  const found = new Map<string, Interaction>();
  for (;;) {
    for (const want of expected) {
      const id = interactionId(want.platform, want.externalId);
      if (found.has(id)) continue;
      const item = await fetchInteraction(url, token, id);
      if (item && shows(item, want)) found.set(id, item);
    }
    // In the order sent, not the order found: a poll can race the writes of one delivery.
    if (found.size === expected.length) return ids.map((id) => found.get(id) as Interaction);
    if (Date.now() > deadline) {
      const missing = expected
        .map((want) => interactionId(want.platform, want.externalId))
        .filter((id) => !found.has(id));
      throw new Failure(
        `The delivery was accepted, but ${missing.join(", ")} did not appear within ${waitMs / 1000} s. ` +
          `See the server's log, or what it could not use: curl -s -H "Authorization: Bearer ${token}" "${url}/api/v1/deliveries?status=unrecognised"`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function fetchInteraction(url: string, token: string, id: string): Promise<Interaction | undefined> {
  let response: Response;
  try {
    response = await fetch(`${url}/api/v1/interactions/${id}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new Failure(`Cannot reach the admin API at ${url} (${reason(error)}). Is the server still running?`);
  }
  if (response.status === 401) {
    throw new Failure(
      "HTTP 401 from the admin API: the admin token differs from the server's. Set ADMIN_TOKEN to the token npm start printed.",
    );
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Failure(`HTTP ${response.status} from the admin API: ${await response.text()}`);
  return (await response.json()) as Interaction;
}

function shows(item: Interaction, want: Expected): boolean {
  if (want.text !== undefined && item.text !== want.text) return false;
  if (want.deleted && !item.deleted) return false;
  if (want.deliveryState && item.delivery?.state !== want.deliveryState) return false;
  return true;
}

function describe(item: Interaction): string {
  const lines = [
    `interaction ${item.id}`,
    `  platform  ${item.platform}`,
    `  kind      ${item.kind}`,
    `  direction ${item.direction}`,
    `  text      ${JSON.stringify(item.text)}`,
  ];
  if (item.parentId) lines.push(`  parentId  ${item.parentId}`);
  if (item.edited) lines.push(`  edited    ${item.edited.at} (was ${JSON.stringify(item.edited.previousText ?? "")})`);
  if (item.deleted) lines.push(`  deleted   ${item.deleted.at}`);
  if (item.delivery) lines.push(`  delivery  ${item.delivery.state} at ${item.delivery.at}`);
  return lines.join("\n");
}

main().catch((error: unknown) => {
  if (error instanceof Failure) {
    console.error(error.message);
    process.exitCode = error.exitCode;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
