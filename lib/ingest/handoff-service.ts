/**
 * The launcher's side of the hand-off (lib/ingest/handoff.ts): a Unix socket in the data directory
 * that runs the small ingests `npm run ingest` hands to it, one at a time, with the modules and the
 * database connection this process already has, and streams the run's events back.
 */
import fs from "node:fs";
import http from "node:http";
import { z } from "zod";
import type { Db } from "@/db";
import { BoilerplateKeepError } from "./boilerplate";
import { runIngest, type IngestPlace } from "./command";
import type { IngestEvents } from "./group";
import { databaseIdentity, type HandoffEvent, ingestSocketPath } from "./handoff";
import { type IngestRequest, UsageError } from "./request";
import { INPUT_FORMATS } from "./types";

/** Longer socket paths than this can't be bound (sun_path is 108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;
const MAX_BODY_BYTES = 1024 * 1024;
/** A stop waits this long for a run under way to finish before the database goes. */
const DRAIN_MS = 30_000;

const ingestRequestSchema: z.ZodType<IngestRequest> = z
  .object({
    inputs: z.array(z.string().min(1)).min(1),
    dryRun: z.boolean(),
    format: z.enum(INPUT_FORMATS).optional(),
    boilerplate: z.array(z.string()),
    keepBoilerplate: z.array(z.string()),
    date: z.string().optional(),
    year: z.string().optional(),
    wait: z.boolean(),
  })
  .strict();

export type IngestService = { socketPath: string; close: () => Promise<void> };

function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code, message } }));
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString("utf8") : undefined));
    req.on("error", reject);
  });
}

/**
 * Listen on the data directory's ingest socket. `say` gets a line per run for the launcher's log
 * (what was stored, never the issues' text). Resolves undefined, after saying why, when the socket
 * can't be made; the command then runs its ingests itself, as without an app.
 */
export async function startIngestService(
  db: Db,
  place: IngestPlace,
  say: (line: string) => void,
): Promise<IngestService | undefined> {
  const socketPath = ingestSocketPath(place.dataDir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    say(`[ingest] the data directory's path is too long for a socket; \`npm run ingest\` will run on its own`);
    return undefined;
  }
  const ours = databaseIdentity(place.configuredDatabaseUrl);
  // One launcher per data directory (its app lock): a socket already there was left by one that was killed.
  try {
    if (fs.lstatSync(socketPath).isSocket()) fs.rmSync(socketPath);
  } catch {
    // none there
  }

  let queue: Promise<void> = Promise.resolve();
  const run = async (body: unknown, res: http.ServerResponse) => {
    const send = (event: HandoffEvent) => {
      if (!res.destroyed) res.write(`${JSON.stringify(event)}\n`);
    };
    const parsed = ingestRequestSchema.safeParse((body as { request?: unknown } | null)?.request);
    if (!parsed.success)
      return refuse(res, 400, "bad_request", `not an ingest request: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    if ((body as { database?: unknown }).database !== ours)
      return refuse(res, 409, "other_database", "the running app uses another database than this command");
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    send({ type: "accepted", pid: process.pid });
    const events: IngestEvents = {
      onStart: (total) => send({ type: "start", total }),
      onOutcome: (outcome) => send({ type: "outcome", outcome }),
      onReading: (done, total) => send({ type: "reading", done, total }),
      onSourceDone: (source) => send({ type: "sourceDone", source }),
      onStageMessage: (message) => send({ type: "stageMessage", message }),
      onStageProgress: (stage, step, done, total) => send({ type: "stageProgress", stage, step, done, total }),
    };
    const started = performance.now();
    try {
      // The author going away (Ctrl-C) doesn't stop the run: each issue is stored whole or not at all either way.
      const { summary, background } = await runIngest(db, parsed.data, events, place);
      send({ type: "done", summary, background });
      const { counts } = summary;
      say(
        `[ingest] from the command line: ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed in ${((performance.now() - started) / 1000).toFixed(2)} s${background ? `; concepts re-derived in the background (pid ${background.pid})` : ""}`,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof UsageError || err instanceof BoilerplateKeepError) send({ type: "usage", message });
      else {
        send({ type: "error", message });
        say(`[ingest] a run from the command line failed: ${message}`);
      }
    } finally {
      res.end();
    }
  };

  const server = http.createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/ingest")
      return refuse(res, 404, "not_found", "this socket takes POST /ingest only");
    readBody(req).then(
      (text) => {
        if (text === undefined) return refuse(res, 413, "too_large", "the request is larger than 1 MB");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return refuse(res, 400, "bad_json", "the request is not JSON");
        }
        // One run at a time, in the order they came: two runs must not interleave their stages.
        queue = queue.then(() => run(body, res)).catch(() => {});
      },
      () => res.destroy(),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, resolve);
    });
    // Only this user may connect (most umasks leave others unable to write to it anyway).
    fs.chmodSync(socketPath, 0o600);
  } catch (err) {
    say(
      `[ingest] could not listen on ${socketPath} (${err instanceof Error ? err.message : String(err)}); \`npm run ingest\` will run on its own`,
    );
    server.close();
    return undefined;
  }
  return {
    socketPath,
    close: async () => {
      server.close();
      fs.rmSync(socketPath, { force: true });
      await Promise.race([queue, new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
    },
  };
}
