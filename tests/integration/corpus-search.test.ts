/**
 * Search over the whole shared corpus (../shared/corpus, ingested once for
 * this file): the natural questions of ../shared/eval keep their relevance,
 * and issues are found by number the way readers write it.
 */
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { search } from "@/lib/search";
import { loadDevQuestions, QUESTIONS_FILE, scoreRuns } from "@/scripts/eval-search";
import { CORPUS_DIR, hasCorpus } from "../helpers/corpus";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

/** A little under what `npm run eval:search` reports (README), so a real regression fails. */
const MIN_DEV_MRR = 0.9;

describe.skipIf(!hasCorpus)("search over the shared corpus", () => {
  beforeAll(async () => {
    process.env.MEILI_HOST = "";
    resetEnvCache();
    const summary = await ingestPaths(db(), [CORPUS_DIR]);
    expect(summary.counts.failed).toBe(0);
  }, 600_000);

  it.skipIf(!fs.existsSync(QUESTIONS_FILE))(`answers the natural dev questions with MRR@10 ≥ ${MIN_DEV_MRR}`, async () => {
    const cases = await loadDevQuestions(db());
    expect(cases.length).toBeGreaterThanOrEqual(90);
    const runs = [];
    for (const c of cases) {
      const res = await search({ q: c.q, kind: "issue", limit: 10, offset: 0 });
      runs.push({ ranked: res.hits.map((h) => `${h.kind}:${h.slug}`), relevant: c.relevant });
    }
    const metrics = scoreRuns(runs);
    expect(metrics.mrr).toBeGreaterThanOrEqual(MIN_DEV_MRR);
    expect(metrics.r10).toBeGreaterThanOrEqual(0.95);
  }, 120_000);

  it.each([
    ["TBM 21", 21, "TBM 21"],
    ["tbm 7/53", 7, "TBM 7"],
    ["TBM #53", 53, "TBM 53"],
    ["125", 125, "#125"],
    ["#125", 125, "#125"],
    ["issue 125", 125, "#125"],
  ])("%s puts that issue first", async (q, number, label) => {
    const res = await search({ q, kind: "all", limit: 5, offset: 0 });
    expect(res.hits[0]).toMatchObject({ kind: "issue", number, label });
  });
});
