/**
 * The "corpus" project's server (playwright.config.ts) is the archive server once
 * archive.spec.ts is done with it; these specs add the shared real-writing corpus
 * (../shared/corpus: ~340 issues over six years, thousands of concepts), so
 * layouts and search meet real lengths: long lists, unbroken URLs, many years.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

/** A phone's screen, as the issue was checked at. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

const CORPUS_DIR = path.resolve(process.cwd(), "..", "shared", "corpus");

function dataDir(): string {
  const dir = process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR;
  if (!dir) throw new Error("CONCORDANCE_E2E_ARCHIVE_DATA_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

/**
 * Ingest the corpus into the server's database once per run (a marker in its data
 * directory says it is done), as the author would while the app runs. Call it
 * from beforeAll; it skips the spec where the corpus is absent.
 */
export function useCorpus(): void {
  test.beforeAll(() => {
    test.skip(!fs.existsSync(CORPUS_DIR), `the shared corpus is not at ${CORPUS_DIR}`);
    const marker = path.join(dataDir(), "e2e-corpus-ingested");
    if (fs.existsSync(marker)) return;
    // A whole-corpus ingest with its derived stages: ≈ 40 s alone, longer on a loaded machine.
    test.setTimeout(300_000);
    const run = spawnSync("node", ["--import", "tsx", "scripts/ingest.ts", CORPUS_DIR], {
      env: { ...process.env, CONCORDANCE_DATA_DIR: dataDir(), DATABASE_URL: "", FORCE_COLOR: "0" },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    fs.writeFileSync(marker, new Date().toISOString());
  });
}
