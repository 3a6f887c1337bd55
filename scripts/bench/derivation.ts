/**
 * npm run bench:derivation -- <mode> ...
 *   (with CONCORDANCE_DATA_DIR pointing at an ingested archive; it is changed)
 *
 * The corpus-wide concept re-derivation (lib/concepts/store.ts's refreshConcepts, what the
 * background pass runs) step by step, on an archive already ingested:
 *   add <dir> <n>   one new generated issue (number n, written to <dir>) ingested the quick way, then
 *                   the re-derivation; then the same issue edited, and again;
 *   steps [runs]    the re-derivation marked due and run, `runs` times (nothing changed);
 *   dump <file>     concepts, mentions, ranks and relations in a canonical form, to diff two runs.
 * Each run prints its steps in seconds.
 */
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rows } from "@/db/rows";
import { runWithDatabase } from "@/lib/cli/run";
import { markDerivationPending } from "@/lib/concepts/derivation";
import { type RefreshSummary, refreshConcepts } from "@/lib/concepts/store";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { writeNextIssue } from "./generate-corpus";
import { loadAverage } from "./measure";

const line = (label: string, s: RefreshSummary) =>
  `${label}: ${(s.durationMs / 1000).toFixed(2)} s | ${Object.entries(s.steps)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
    .join(" | ")} | load ${loadAverage()}\n`;

const [mode = "steps", ...args] = process.argv.slice(2);
void runWithDatabase(async () => {
  const db = getDb();
  if (mode === "steps") {
    for (let i = 0; i < Number(args[0] ?? 1); i++) {
      await markDerivationPending(db, "benchmark");
      process.stdout.write(line(`pass ${i + 1}`, await refreshConcepts(db)));
    }
  } else if (mode === "add") {
    for (const edit of [false, true]) {
      const file = writeNextIssue(args[0]!, Number(args[1]), { edit });
      const quick = await ingestPaths(db, [file], { quickConcepts: true });
      const label = `${edit ? "edited" : "new"} (quick ${((quick.timings.stageSteps.concepts?.quick ?? 0) / 1000).toFixed(2)} s), re-derivation`;
      process.stdout.write(line(label, await refreshConcepts(db)));
    }
  } else if (mode === "dump") {
    const out = {
      concepts: await rows(
        db,
        sql`select c.key, c.slug, c.name, c.kind, c.aliases, c.member_keys, c.hidden, c.score, c.mention_count,
          c.issue_count, c.counts_by_year, c.first_seen_at, di.slug as definition_issue, c.definition_block_id,
          c.definition_text
        from concepts c left join issues di on di.id = c.definition_issue_id order by c.key`,
      ),
      mentions: await rows(
        db,
        sql`select c.key, i.slug, m.block_id, m.start, m."end", m.surface, m.context
        from concept_mentions m join concepts c on c.id = m.concept_id join issues i on i.id = m.issue_id
        order by i.slug, m.block_id, m.start, c.key`,
      ),
      ranks: await rows(
        db,
        sql`select c.key, i.slug, ci.mention_count, ci.rank
        from concept_issues ci join concepts c on c.id = ci.concept_id join issues i on i.id = ci.issue_id
        order by i.slug, ci.rank, c.key`,
      ),
      relations: await rows(
        db,
        sql`select a.key as from_key, b.key as to_key, r.score
        from concept_relations r join concepts a on a.id = r.concept_id join concepts b on b.id = r.related_id
        order by a.key, b.key`,
      ),
    };
    fs.writeFileSync(args[0]!, `${JSON.stringify(out).replace(/\},\{/g, "},\n{")}\n`);
  } else {
    process.stderr.write("usage: derivation.ts add <dir> <n> | steps [runs] | dump <file>\n");
    return 2;
  }
  return 0;
});
