/** The shared real-writing corpus (../shared/corpus), present on developer machines and in CI. */
import fs from "node:fs";
import path from "node:path";

export const CORPUS_DIR = path.resolve(process.cwd(), "..", "shared", "corpus");
export const hasCorpus = fs.existsSync(CORPUS_DIR);

if (!hasCorpus) {
  process.stderr.write(`corpus tests skipped: ${CORPUS_DIR} is not present\n`);
}

/**
 * A whole-corpus ingest with its derived stages takes ≈ 8 s alone, but over a minute when the
 * other test files (and a shared machine's other work) compete for two cores.
 */
export const CORPUS_RUN_TIMEOUT = 180_000;

/** A corpus folder's Markdown files in name order (none without the corpus). */
export function corpusFiles(dir: string): string[] {
  return hasCorpus
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".md"))
        .sort()
    : [];
}
