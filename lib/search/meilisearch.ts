/**
 * Meilisearch, through the official client, when MEILI_HOST is set: one index
 * (`<prefix>concordance`) holding issues and concepts (`kind`), and a full
 * rebuild that swaps a freshly built index in so searches never see a
 * half-built one. This module connects and writes; what the index holds and
 * how it is configured is lib/search/meili-settings.ts, what a search sends is
 * meili-query.ts, and how the answer reads as ours is meili-results.ts.
 *
 * Every Meilisearch write is a task: we wait for each and fail on a failed task.
 * Errors are sorted into two kinds (classifyMeiliError): Meilisearch could not
 * be reached (SearchUnavailableError — lib/search/index.ts answers from the
 * built-in engine), or it answered and refused (SearchConfigError — a wrong
 * key, a rejected setting, an unsupported version: reported, never papered over).
 */
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
} from "meilisearch";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { rows } from "@/db/rows";
import { wordsKey } from "./analyze";
import {
  SearchConfigError,
  SearchUnavailableError,
  type EngineResult,
  type SearchDocument,
  type SearchEngine,
  type SearchRequest,
} from "./engine";
import { parseNumberLookup } from "./lookup";
import { queryMeili, type MeiliResponse } from "./meili-query";
import { conceptSlugsOf, toEngineResult } from "./meili-results";
import {
  buildIndexSettings,
  buildSynonyms,
  settingsToUpdate,
  toMeiliDocument,
  type MeiliDocument,
} from "./meili-settings";

export type MeiliConfig = { host: string; apiKey?: string; indexPrefix?: string; searchTimeoutMs?: number };

const TASK_TIMEOUT_MS = 120_000;

export function indexName(prefix: string | undefined): string {
  return `${prefix ?? ""}concordance`;
}

/** The oldest Meilisearch this adapter is tested against (1.18 added `rename` to index swaps, which rebuilds send). */
export const MIN_MEILI_VERSION = "1.18.0";
/** The next major version: its API may differ, so it is refused until the adapter is tested against it. */
const MAX_MEILI_MAJOR = 1;

/** Error codes of a key that is missing, wrong, or not allowed to do what we asked. */
const KEY_ERRORS = new Set(["missing_authorization_header", "invalid_api_key"]);

/**
 * Any error from talking to Meilisearch, as the rest of the app must treat it:
 * unreachable (network, timeout, a 5xx, no index yet) → SearchUnavailableError;
 * answered but refused (key, settings, a failed task) → SearchConfigError.
 * Anything else is not Meilisearch's doing and is returned unchanged.
 */
export function classifyMeiliError(err: unknown, host: string): Error {
  if (err instanceof SearchUnavailableError || err instanceof SearchConfigError) return err;
  if (err instanceof MeilisearchApiError) {
    const code = err.cause?.code ?? "";
    const status = err.response.status;
    if (status === 401 || status === 403 || KEY_ERRORS.has(code)) {
      return new SearchConfigError(
        `Meilisearch at ${host} rejected the API key (${code || `HTTP ${status}`}): set MEILI_API_KEY to the master key or an admin key ` +
          "allowed to search and to manage indexes, documents, settings and tasks.",
        { cause: err },
      );
    }
    if (code === "index_not_found") {
      return new SearchUnavailableError(
        `Meilisearch at ${host} has no Concordance index yet (run \`npm run reindex\`)`,
        { cause: err },
      );
    }
    if (status >= 500)
      return new SearchUnavailableError(`Meilisearch at ${host} failed (HTTP ${status} ${code}): ${err.message}`, {
        cause: err,
      });
    return new SearchConfigError(
      `Meilisearch at ${host} refused the request (${code || `HTTP ${status}`}): ${err.message}`,
      { cause: err },
    );
  }
  if (
    err instanceof MeilisearchRequestError ||
    err instanceof MeilisearchRequestTimeOutError ||
    err instanceof MeilisearchTaskTimeOutError
  ) {
    return new SearchUnavailableError(`Meilisearch is unavailable: ${err.message}`, { cause: err });
  }
  if (err instanceof MeilisearchError)
    return new SearchConfigError(`Meilisearch at ${host}: ${err.message}`, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

/** Whether this adapter supports a server of `version` ("1.50.0"). */
export function isSupportedMeiliVersion(version: string): boolean {
  const parse = (v: string) =>
    v
      .split(/[.-]/)
      .slice(0, 3)
      .map((n) => Number.parseInt(n, 10));
  const [major = NaN, minor = NaN, patch = NaN] = parse(version);
  const [minMajor, minMinor, minPatch] = parse(MIN_MEILI_VERSION) as [number, number, number];
  if ([major, minor, patch].some(Number.isNaN)) return false;
  if (major > MAX_MEILI_MAJOR) return false;
  return major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
}

/**
 * The start-up check: the server's version, refusing one the adapter doesn't
 * support and a key it rejects (SearchConfigError); SearchUnavailableError when
 * nothing answers.
 */
export async function checkMeiliServer(config: MeiliConfig): Promise<{ version: string }> {
  const client = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: 5_000 });
  try {
    const { pkgVersion } = await client.getVersion();
    if (!isSupportedMeiliVersion(pkgVersion)) {
      throw new SearchConfigError(
        `Meilisearch ${pkgVersion} at ${config.host} is not supported: Concordance needs Meilisearch ${MIN_MEILI_VERSION} or a later 1.x release.`,
      );
    }
    // The version route needs only a little; make sure the key may also read our index (a missing index is fine).
    await client.getRawIndex(indexName(config.indexPrefix)).catch((err: unknown) => {
      if (err instanceof MeilisearchApiError && err.cause?.code === "index_not_found") return;
      throw err;
    });
    return { version: pkgVersion };
  } catch (err) {
    throw classifyMeiliError(err, config.host);
  }
}

async function settle(task: EnqueuedTaskPromise): Promise<void> {
  const done = await task.waitTask({ timeout: TASK_TIMEOUT_MS });
  if (done.status !== "succeeded") {
    const why = done.error ? `${done.error.code}: ${done.error.message}` : "no reason given";
    throw new MeilisearchError(`task ${done.uid} (${done.type}) ${done.status}: ${why}`);
  }
}

export type MeiliEngine = SearchEngine & {
  /** Ids of every document in the live index. */
  listIds(): Promise<Set<string>>;
  /** Create the index if needed and apply the settings (synonyms from the current concepts). */
  applySettings(concepts: { name: string; aliases: string[] }[]): Promise<{ created: boolean; documents: number }>;
};

/**
 * `db` is only read: for concept names (facet labels, synonyms) and to keep
 * hidden concepts out of answers even before the index catches up.
 */
export function createMeiliEngine(config: MeiliConfig, db: Db): MeiliEngine {
  // Searches give up quickly (the built-in engine answers instead); indexing may be slow.
  const searchClient = new Meilisearch({
    host: config.host,
    apiKey: config.apiKey,
    timeout: config.searchTimeoutMs ?? 2_000,
  });
  const client = new Meilisearch({ host: config.host, apiKey: config.apiKey, timeout: 60_000 });
  const live = indexName(config.indexPrefix);
  function fail(err: unknown): never {
    throw classifyMeiliError(err, config.host);
  }

  /** Series names as a query may write them ("tbm" → "TBM"), re-read at most once a minute. */
  let series: { at: number; names: Map<string, string> } | null = null;
  async function seriesNames(): Promise<Map<string, string>> {
    if (series && Date.now() - series.at < 60_000) return series.names;
    const found = await rows<{ series: string }>(
      db,
      sql`select distinct series from issues where series is not null and withdrawn_at is null`,
    );
    series = { at: Date.now(), names: new Map(found.map((r) => [wordsKey(r.series), r.series])) };
    return series.names;
  }

  async function visibleConcepts(slugs: string[]): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    const found = await rows<{ slug: string; name: string }>(
      db,
      sql`
      select slug, name from concepts
      where not hidden and slug in (select value from jsonb_array_elements_text(${JSON.stringify(slugs)}::jsonb))`,
    );
    return new Map(found.map((r) => [r.slug, r.name]));
  }

  async function search(request: SearchRequest): Promise<EngineResult> {
    const lookup = parseNumberLookup(request.q, await seriesNames());
    let response: MeiliResponse;
    try {
      response = await queryMeili(searchClient, live, request, lookup);
    } catch (err) {
      fail(err);
    }
    return toEngineResult(response, request, await visibleConcepts(conceptSlugsOf(response)));
  }

  async function loadSynonymSource(): Promise<{ name: string; aliases: string[] }[]> {
    return rows<{ name: string; aliases: string[] }>(db, sql`select name, aliases from concepts where not hidden`);
  }

  /** Only "no such index" means no; a refused key or an unreachable server is an error. */
  async function indexExists(uid: string): Promise<boolean> {
    try {
      await client.getRawIndex(uid);
      return true;
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === "index_not_found") return false;
      throw err;
    }
  }

  /** Every batch is queued before any is waited on: Meilisearch merges queued additions into one indexing run. */
  async function addInBatches(uid: string, documents: SearchDocument[]): Promise<void> {
    const queued: EnqueuedTaskPromise[] = [];
    for (let i = 0; i < documents.length; i += 500) {
      queued.push(
        client
          .index<MeiliDocument>(uid)
          .addDocuments(documents.slice(i, i + 500).map(toMeiliDocument), { primaryKey: "id" }),
      );
    }
    for (const task of queued) await settle(task);
  }

  return {
    name: "meilisearch",
    search,
    async upsert(documents) {
      try {
        await addInBatches(live, documents);
      } catch (err) {
        fail(err);
      }
    },
    async remove(ids) {
      if (ids.length === 0) return;
      try {
        await settle(client.index(live).deleteDocuments(ids));
      } catch (err) {
        fail(err);
      }
    },
    async rebuild(batches) {
      const next = `${live}_rebuild`;
      try {
        await client.deleteIndexIfExists(next);
        await settle(client.createIndex(next, { primaryKey: "id" }));
        await settle(client.index(next).updateSettings(buildIndexSettings(buildSynonyms(await loadSynonymSource()))));
        for await (const batch of batches) await addInBatches(next, batch);
        // Swapping needs both indexes; an empty live index is created on a first run.
        if (!(await indexExists(live))) await settle(client.createIndex(live, { primaryKey: "id" }));
        await settle(client.swapIndexes([{ indexes: [live, next], rename: false }]));
        await settle(client.deleteIndex(next));
      } catch (err) {
        fail(err);
      }
    },
    async listIds() {
      const ids = new Set<string>();
      try {
        for (let offset = 0; ; offset += 1000) {
          const page = await client.index(live).getDocuments<{ id: string }>({ fields: ["id"], limit: 1000, offset });
          for (const d of page.results) ids.add(String(d.id));
          if (page.results.length < 1000) break;
        }
      } catch (err) {
        fail(err);
      }
      return ids;
    },
    async applySettings(concepts) {
      try {
        const exists = await indexExists(live);
        if (!exists) await settle(client.createIndex(live, { primaryKey: "id" }));
        const update = settingsToUpdate(
          buildIndexSettings(buildSynonyms(concepts)),
          await client.index(live).getSettings(),
        );
        if (Object.keys(update).length > 0) await settle(client.index(live).updateSettings(update));
        const stats = await client.index(live).getStats();
        return { created: !exists, documents: stats.numberOfDocuments };
      } catch (err) {
        fail(err);
      }
    },
  };
}
