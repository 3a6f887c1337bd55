/**
 * Handing a small ingest to the running app. Most of the author's wait for one new issue used to
 * be the command starting up — Node, the database client, the parsers and the tokenizer's word
 * lists, ~3 s — for ~0.4 s of work. The app's launcher (scripts/start.ts) has all of that loaded
 * and the database connected, so while it runs it takes such runs over a Unix socket in the data
 * directory (lib/ingest/handoff-service.ts). The socket is the door and the file mode its lock:
 * only the data directory's owner can connect, as with Postgres's own socket.
 *
 * This side (the command) stays light: no database, no parsers. Events come back as lines of JSON,
 * the same events the pipeline gives an in-process run, so the author sees the same output.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { BackgroundPass } from "@/lib/concepts/background";
import type { IngestEvents } from "./group";
import type { IngestSummary } from "./pipeline";
import type { IngestRequest } from "./request";
import type { IngestOutcome } from "./types";

/** The launcher's socket, beside the database in the data directory. */
export function ingestSocketPath(dataDir: string): string {
  return path.join(dataDir, "ingest.sock");
}

/**
 * At most this many files go to the app; larger runs (and folders, archives, feeds) run in the
 * command's own process, where a long run neither holds up the launcher nor grows its memory.
 */
export const HANDOFF_MAX_FILES = 20;

/** Inputs the app may take over: a few existing plain files, none of them an archive. */
export function canHandOff(inputs: string[]): boolean {
  if (inputs.length === 0 || inputs.length > HANDOFF_MAX_FILES) return false;
  return inputs.every((input) => {
    if (/^https?:\/\//i.test(input) || /\.zip$/i.test(input)) return false;
    try {
      return fs.statSync(input).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Which database a process uses, without the address itself (it can carry a password): the
 * configured URL's hash, or "embedded" for the data directory's own server.
 */
export function databaseIdentity(configuredDatabaseUrl: string | undefined): string {
  return configuredDatabaseUrl ? createHash("sha256").update(configuredDatabaseUrl).digest("hex") : "embedded";
}

export type HandoffBody = { request: IngestRequest; database: string };

/** What the app sends back, one JSON object per line. */
export type HandoffEvent =
  | { type: "accepted"; pid: number }
  | { type: "start"; total: number }
  | { type: "outcome"; outcome: IngestOutcome }
  | { type: "reading"; done: number; total: number }
  | { type: "sourceDone"; source: string }
  | { type: "stageMessage"; message: string }
  | { type: "stageProgress"; stage: string; step: string; done: number; total: number }
  | { type: "done"; summary: IngestSummary; background?: BackgroundPass }
  | { type: "usage"; message: string }
  | { type: "error"; message: string };

export type HandoffResult =
  /** The app did the run (its summary may still hold failures). */
  | { ran: "app"; pid: number; summary: IngestSummary; background?: BackgroundPass }
  /** The app refused the options, as the command would have (exit code 2). */
  | { ran: "usage"; message: string }
  /** Nothing was done: no app listening, or it uses another database. The command runs it itself. */
  | { ran: "nowhere"; reason: string };

/** The events as the pipeline's callbacks. */
function dispatch(event: HandoffEvent, events: IngestEvents): void {
  switch (event.type) {
    case "start":
      events.onStart?.(event.total);
      break;
    case "outcome":
      events.onOutcome?.(event.outcome);
      break;
    case "reading":
      events.onReading?.(event.done, event.total);
      break;
    case "sourceDone":
      events.onSourceDone?.(event.source);
      break;
    case "stageMessage":
      events.onStageMessage?.(event.message);
      break;
    case "stageProgress":
      events.onStageProgress?.(event.stage, event.step, event.done, event.total);
      break;
  }
}

/**
 * Ask the app listening on `socketPath` to run `body.request`. Resolves "nowhere" when nothing was
 * done (the command should run it itself); throws when the app took the run but it broke off (the
 * issues it stored are kept — each is written whole or not at all).
 */
export function handOff(socketPath: string, body: HandoffBody, events: IngestEvents): Promise<HandoffResult> {
  if (!fs.existsSync(socketPath)) return Promise.resolve({ ran: "nowhere", reason: "no app is running" });
  return new Promise((resolve, reject) => {
    const req = http.request({
      socketPath,
      path: "/ingest",
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    // A socket left by a launcher that was killed: nobody answers, and nothing was done.
    req.on("error", (err) => resolve({ ran: "nowhere", reason: `the app did not answer (${err.message})` }));
    req.on("response", (res) => {
      res.setEncoding("utf8");
      if (res.statusCode !== 200) {
        let text = "";
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          let message = text;
          try {
            message = (JSON.parse(text) as { error: { message: string } }).error.message;
          } catch {
            // not our error shape: the text as it came
          }
          // 409: the app uses another database than this command would; nothing was done.
          if (res.statusCode === 409) resolve({ ran: "nowhere", reason: message });
          else reject(new Error(`the running app refused the run (${res.statusCode}): ${message}`));
        });
        return;
      }
      let pid = 0;
      let pending = "";
      let settled = false;
      const onLine = (text: string) => {
        if (!text.trim()) return;
        const event = JSON.parse(text) as HandoffEvent;
        if (event.type === "accepted") pid = event.pid;
        else if (event.type === "done") {
          settled = true;
          resolve({ ran: "app", pid, summary: event.summary, background: event.background });
        } else if (event.type === "usage") {
          settled = true;
          resolve({ ran: "usage", message: event.message });
        } else if (event.type === "error") {
          settled = true;
          reject(new Error(event.message));
        } else dispatch(event, events);
      };
      res.on("data", (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf("\n");
        while (newline >= 0) {
          onLine(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
          newline = pending.indexOf("\n");
        }
      });
      const brokeOff = () => {
        if (settled) return;
        settled = true;
        reject(
          new Error(
            "the running app stopped before the run finished; the issues it stored are kept — run the command again to finish",
          ),
        );
      };
      res.on("end", () => {
        onLine(pending);
        brokeOff();
      });
      res.on("error", brokeOff);
    });
    req.end(JSON.stringify(body));
  });
}
