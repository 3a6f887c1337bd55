/**
 * The Meilisearch adapter against a live server (MEILI_HOST, MEILI_API_KEY = a
 * key that may do everything, e.g. the master key): the start-up check, and
 * errors sorted into "unreachable" (fall back) and "refused" (report). Skipped,
 * saying so, when no server is configured. Each run uses its own index prefix.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { GET } from "@/app/api/search/route";
import { checkSearchEngine, search, SEARCH_REFUSED_MESSAGE } from "@/lib/search";
import { SearchConfigError, SearchUnavailableError } from "@/lib/search/engine";
import {
  checkMeiliServer,
  classifyMeiliError,
  createMeiliEngine,
  indexName,
  isSupportedMeiliVersion,
} from "@/lib/search/meilisearch";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const host = process.env.MEILI_HOST?.trim() || undefined;
const apiKey = process.env.MEILI_API_KEY?.trim() || undefined;
const prefix = `test_${randomBytes(4).toString("hex")}_`;

if (!host) {
  process.stderr.write(
    "\n⚠ Meilisearch live adapter tests SKIPPED: MEILI_HOST is not set (point it at a live Meilisearch to run them).\n\n",
  );
}

function useEngineEnv(key: string | undefined): void {
  process.env.MEILI_HOST = host ?? "";
  process.env.MEILI_API_KEY = key ?? "";
  process.env.MEILI_INDEX_PREFIX = prefix;
  resetEnvCache();
}

describe.skipIf(!host)("Meilisearch adapter against a live server", () => {
  const client = new Meilisearch({ host: host ?? "http://127.0.0.1:1", apiKey });
  let keyRequired = false;

  beforeAll(async () => {
    // A server started without a master key accepts any key; the wrong-key checks need one that doesn't.
    keyRequired = await fetch(`${host}/keys`).then((r) => r.status === 401);
  });

  afterAll(async () => {
    await client.deleteIndexIfExists(indexName(prefix)).catch(() => undefined);
    await client.deleteIndexIfExists(`${indexName(prefix)}_bad`).catch(() => undefined);
    process.env.MEILI_HOST = "";
    resetEnvCache();
  });

  it("the start-up check reports a supported version", async () => {
    const { version } = await checkMeiliServer({ host: host!, apiKey, indexPrefix: prefix });
    expect(isSupportedMeiliVersion(version)).toBe(true);
    useEngineEnv(apiKey);
    await expect(checkSearchEngine()).resolves.toBe(`search: Meilisearch ${version} at ${host}`);
  });

  it("a wrong API key is refused as such: the start-up check throws and searches are not silently answered by the built-in engine", async (ctx) => {
    if (!keyRequired) ctx.skip();
    const wrong = `wrong-${randomBytes(8).toString("hex")}`;
    await expect(checkMeiliServer({ host: host!, apiKey: wrong, indexPrefix: prefix })).rejects.toThrow(
      SearchConfigError,
    );
    await expect(checkMeiliServer({ host: host!, apiKey: wrong, indexPrefix: prefix })).rejects.toThrow(
      /rejected the API key \(invalid_api_key\)/,
    );

    useEngineEnv(wrong);
    await expect(checkSearchEngine()).rejects.toThrow(SearchConfigError);
    const searching = search(db(), { q: "roadmap", kind: "all", limit: 10, offset: 0 });
    await expect(searching).rejects.toThrow(SearchConfigError);
    // The API says search is unavailable (503), without the reason, which is the operator's to read in the log.
    const res = await GET(new Request("http://localhost/api/search?q=roadmap"), undefined);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: "unavailable", message: SEARCH_REFUSED_MESSAGE } });
    const engine = createMeiliEngine({ host: host!, apiKey: wrong, indexPrefix: prefix }, db());
    await expect(engine.upsert([])).resolves.toBeUndefined(); // nothing to send, nothing asked
    await expect(engine.applySettings([])).rejects.toThrow(SearchConfigError);
    useEngineEnv(apiKey);
  });

  it("npm start refuses to run with a key Meilisearch rejects, and says why", async (ctx) => {
    if (!keyRequired) ctx.skip();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-meili-start-"));
    try {
      const started = spawnSync(
        process.execPath,
        ["--import", "tsx", "scripts/start.ts", "--port", "0", "--no-samples"],
        {
          env: {
            ...process.env,
            DATABASE_URL: "",
            CONCORDANCE_DATA_DIR: dataDir,
            MEILI_HOST: host,
            MEILI_API_KEY: "not-the-key",
            MEILI_INDEX_PREFIX: prefix,
          },
          encoding: "utf8",
          timeout: 90_000,
        },
      );
      expect(started.status).toBe(1);
      expect(started.stderr).toMatch(/error: Meilisearch at .* rejected the API key \(invalid_api_key\)/);
      expect(started.stderr).not.toContain("not-the-key");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("applies settings once: a run that changed no concept name or alias sends no settings update", async () => {
    const engine = createMeiliEngine({ host: host!, apiKey, indexPrefix: prefix }, db());
    const concepts = [{ name: "Feature factory", aliases: ["build trap"] }];
    await engine.applySettings(concepts);
    const settingsTasks = async () =>
      (await client.tasks.getTasks({ indexUids: [indexName(prefix)], types: ["settingsUpdate"], limit: 1000 })).results
        .length;
    const before = await settingsTasks();
    await engine.applySettings(concepts);
    expect(await settingsTasks()).toBe(before);
    await engine.applySettings([{ name: "Feature factory", aliases: ["build trap", "output trap"] }]);
    expect(await settingsTasks()).toBe(before + 1);
    expect((await client.index(indexName(prefix)).getSynonyms())["output trap"]).toEqual([
      "build trap",
      "feature factory",
    ]);
  });

  it("a setting Meilisearch rejects is reported with its reason, not as an outage", async () => {
    const uid = `${indexName(prefix)}_bad`;
    const err = await client
      .index(uid)
      .updateSettings({ rankingRules: ["no-such-rule"] })
      .waitTask()
      .then(
        () => null,
        (e: unknown) => e,
      );
    const classified = classifyMeiliError(err, host!);
    expect(classified).toBeInstanceOf(SearchConfigError);
    expect(classified.message).toMatch(/invalid_settings_ranking_rules/);
  });

  it("a missing index is an outage the built-in engine covers, and says to reindex", async () => {
    const engine = createMeiliEngine({ host: host!, apiKey, indexPrefix: `${prefix}missing_` }, db());
    const err = await engine.search({ q: "roadmap", kind: "all", limit: 10, offset: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SearchUnavailableError);
    expect((err as Error).message).toContain("npm run reindex");
  });
});
