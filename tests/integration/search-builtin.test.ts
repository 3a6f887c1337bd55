/**
 * The built-in engine beyond the shared contract: finding an issue by its
 * number (with the label its page shows; also against Meilisearch when MEILI_HOST is set), and the index staying current while
 * another process — the real ingest CLI — writes to it as this one searches.
 * Fixtures are written for these tests (tests/fixtures/search-numbers, and a
 * generated batch of issues for the second process).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Meilisearch } from "meilisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { search } from "@/lib/search";
import type { SearchResponse } from "@/lib/search/engine";
import { indexName } from "@/lib/search/meilisearch";
import { syncSearchIndex } from "@/lib/search/sync";
import { useTestDatabase } from "../helpers/db";

const { db, url } = useTestDatabase();
const FIXTURES = path.join(__dirname, "..", "fixtures", "search-numbers");

function query(q: string, kind: "all" | "issue" = "all"): Promise<SearchResponse> {
  return search(db(), { q, kind, limit: 10, offset: 0 });
}

beforeAll(async () => {
  process.env.MEILI_HOST = "";
  resetEnvCache();
  const summary = await ingestPaths(db(), [FIXTURES]);
  expect(summary.counts).toMatchObject({ new: 7, failed: 0 });
});

const meiliHost = process.env.MEILI_HOST?.trim() || undefined;
const meiliPrefix = `test_${randomBytes(4).toString("hex")}_`;
if (!meiliHost) process.stderr.write("\n⚠ Meilisearch number-lookup tests SKIPPED: MEILI_HOST is not set.\n\n");

function useEngine(engine: "postgres" | "meilisearch"): void {
  process.env.MEILI_HOST = engine === "meilisearch" ? (meiliHost ?? "") : "";
  process.env.MEILI_INDEX_PREFIX = meiliPrefix;
  resetEnvCache();
}

for (const engine of [
  { name: "postgres" as const, enabled: true },
  { name: "meilisearch" as const, enabled: !!meiliHost },
]) {
  describe.skipIf(!engine.enabled)(`finding an issue by its number (${engine.name})`, () => {
    beforeAll(async () => {
      useEngine(engine.name);
      // Meilisearch gets the documents the built-in index already holds.
      if (engine.name === "meilisearch") await syncSearchIndex(db(), { changed: [], deleted: [] }, () => {});
    }, 180_000);
    afterAll(async () => {
      if (engine.name === "meilisearch") {
        await new Meilisearch({ host: meiliHost!, apiKey: process.env.MEILI_API_KEY })
          .deleteIndexIfExists(indexName(meiliPrefix))
          .catch(() => undefined);
      }
      useEngine("postgres");
    });

    it("pages through a number lookup without repeating or losing an issue, and counts each once", async () => {
      const all = await query("21");
      const slugs: string[] = [];
      for (let offset = 0; offset < all.total; offset++) {
        const page = await search(db(), { q: "21", kind: "all", limit: 1, offset });
        expect(page.total).toBe(all.total);
        slugs.push(...page.hits.map((h) => h.slug));
      }
      expect(slugs).toEqual(all.hits.map((h) => h.slug));
      expect(new Set(slugs).size).toBe(slugs.length);
    });

    it.each(["125", "#125", "issue 125", "Issue #125", "no. 125", " 125 "])(
      "%s puts issue 125 first, labelled #125",
      async (q) => {
        const res = await query(q);
        expect(res.hits[0]).toMatchObject({ kind: "issue", slug: "the-long-game", number: 125, label: "#125" });
        expect(res.didYouMean).toBeNull();
        // The post that merely mentions 125 still comes, after it.
        expect(res.hits.map((h) => h.slug)).toContain("a-year-of-shipping");
      },
    );

    it.each(["KB 2", "KB 2/3", "kb #2", "kb 2/3: tasting", "KB 2 "])(
      "%s puts that issue of the series first, labelled as on its page",
      async (q) => {
        const res = await query(q, "issue");
        expect(res.hits[0]).toMatchObject({ slug: "kb-2-tasting-as-you-go", number: 2, series: "KB", label: "KB 2" });
      },
    );

    it("tells series apart: a series name picks its issue, a bare number prefers the issue without a series", async () => {
      expect((await query("Field Notes 21")).hits[0]).toMatchObject({
        title: "Slack Is a Feature",
        label: "Field Notes 21",
      });
      expect((await query("field notes #21 slack")).hits[0]?.title).toBe("Slack Is a Feature");
      const bare = await query("21");
      expect(bare.hits.slice(0, 2).map((h) => h.label)).toEqual(["#21", "Field Notes 21"]);
    });

    it("leaves numbers that are not an issue's to ordinary search, and respects filters", async () => {
      const none = await query("999");
      expect(none.total).toBe(0);
      expect((await query("KB 9")).hits.every((h) => h.number !== 9)).toBe(true);
      const filtered = await search(db(), { q: "125", kind: "issue", year: 2022, limit: 10, offset: 0 });
      expect(filtered.hits.map((h) => h.slug)).not.toContain("the-long-game");
      // A number inside words is just a word: "the 21 rules" is not a lookup.
      expect((await query("released 21 times")).hits[0]?.slug).toBe("a-year-of-shipping");
    });
  });
}

describe("a second process writing while this one searches", () => {
  it("keeps answering from the old documents during the run and finds the new ones right after it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-writer-"));
    for (let i = 1; i <= 30; i++) {
      fs.writeFileSync(
        path.join(dir, `2024-01-${String(i).padStart(2, "0")}-zebra-${i}.md`),
        `---\ntitle: "Zebra Crossing ${i}"\ndate: 2024-01-${String(i).padStart(2, "0")}\nurl: https://example.test/writer/zebra-${i}\n---\n\nStripes number ${i}: pedestrians and quagga${i} share the road.\n`,
      );
    }
    expect((await query("zebra", "issue")).total).toBe(0);

    const child = spawn("npm", ["run", "-s", "ingest", "--", dir], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, DATABASE_URL: url(), FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
    let running = true;
    void exit.then(() => (running = false));

    // Meanwhile, this process keeps searching: every answer is complete, the old issues stay findable.
    let searches = 0;
    const zebraTotals = new Set<number>();
    while (running) {
      const old = await query("mise en place", "issue");
      expect(old.hits[0]?.slug).toBe("kb-1-mise-en-place");
      zebraTotals.add((await query("zebra", "issue")).total);
      searches++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await exit, output).toBe(0);
    expect(searches).toBeGreaterThan(0);
    // The new issues arrive in one transaction: never a half-written index.
    expect([...zebraTotals].every((n) => n === 0 || n === 30)).toBe(true);

    // No restart, no reindex: the next search sees the other process's writes.
    const after = await query("zebra", "issue");
    expect(after.total).toBe(30);
    expect((await query("quagga17")).hits[0]?.title).toBe("Zebra Crossing 17");
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
