/**
 * npm run concepts -- <command>
 *   refresh                     catch up on issues whose concepts are stale (what ingest runs)
 *   rebuild                     re-read every issue and rebuild all concepts (slugs are kept)
 *   list [--kind K] [--limit N] the most mentioned concepts
 *   rename <concept> <new name> | merge <concept> <into> | hide <concept> | alias <concept> <alias>
 *   rules                       the curation rules, in the order they apply
 *   unrule <id>                 remove a rule and re-apply the others
 * A <concept> is its slug, name, an alias, or its key.
 */
import { Command } from "commander";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { concepts, type ConceptKind } from "@/db/schema";
import { createStepBars } from "@/lib/cli/progress";
import { expireTags } from "@/lib/cache/expire";
import { syncSearchIndex } from "@/lib/search/sync";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { runWithDatabase } from "@/lib/cli/run";
import { ConceptRuleError, addConceptRule, listConceptRules, removeConceptRule, type ConceptRuleInput } from "@/lib/concepts/actions";
import { refreshConcepts, type RefreshOptions, type RefreshSummary } from "@/lib/concepts/store";

const log = (line: string) => process.stderr.write(`${line}\n`);

function printRefresh(s: RefreshSummary): void {
  if (s.skipped) {
    log("Concepts are up to date.");
    return;
  }
  log(`${s.concepts} concepts (${s.created} new, ${s.removed} removed), ${s.relations} relations`);
  log(`${s.extracted} issues read, ${s.rewrittenIssues} issues' mentions rewritten, in ${(s.durationMs / 1000).toFixed(1)} s`);
  if (s.failed > 0) log(`${s.failed} issue${s.failed === 1 ? "" : "s"} left out: extraction could not read ${s.failed === 1 ? "its" : "their"} text (named above when read)`);
  if (s.dormantRules.length > 0) log(`rules that matched no concept this time: ${s.dormantRules.join(", ")}`);
}

/** A refresh with a bar per long step on a terminal, plain lines elsewhere. */
async function refreshWithProgress(options: RefreshOptions): Promise<RefreshSummary> {
  const bars = createStepBars();
  try {
    return await refreshConcepts(getDb(), { ...options, report: bars?.log ?? log, progress: bars?.update });
  } finally {
    bars?.stop();
  }
}

/**
 * After a command that changed concepts: search documents carry concept names (a refresh or
 * rebuild must reach search as curation does; nothing stale is a no-op), and the running app's
 * cached concept data is stale.
 */
async function refreshPages(): Promise<void> {
  await syncSearchIndex(getDb(), { changed: [], deleted: [] }, (m) => log(`search: ${m}`));
  const warning = await expireTags([CACHE_TAGS.concepts]);
  if (warning) log(`warning: ${warning}; pages catch up within 10 minutes.`);
}

function run(work: () => Promise<number>, changesConcepts = false): void {
  void runWithDatabase(async () => {
    try {
      const code = await work();
      if (changesConcepts) await refreshPages();
      return code;
    } catch (err) {
      if (err instanceof ConceptRuleError) {
        log(`error: ${err.message}`);
        return 2;
      }
      throw err;
    }
  });
}

function curate(input: ConceptRuleInput): void {
  run(async () => {
    const { rule, refresh } = await addConceptRule(getDb(), { ...input, createdBy: "cli" });
    log(`rule ${rule.id}: ${rule.action} ${rule.target}${rule.value ? ` → ${rule.value}` : ""}`);
    printRefresh(refresh);
    return 0;
  }, true);
}

const program = new Command().name("concepts").description("Extract and curate concepts").showHelpAfterError();

program
  .command("refresh")
  .description("catch up on issues whose concepts are stale")
  .action(() => run(async () => (printRefresh(await refreshWithProgress({})), 0), true));

program
  .command("rebuild")
  .description("re-read every issue and rebuild all concepts (slugs are kept)")
  .action(() => run(async () => (printRefresh(await refreshWithProgress({ full: true })), 0), true));

program
  .command("list")
  .description("the most mentioned concepts")
  .option("--kind <kind>", "framework, tension, term or acronym")
  .option("--limit <n>", "how many", "40")
  .action((opts: { kind?: string; limit: string }) =>
    run(async () => {
      const rows = await getDb()
        .select({ slug: concepts.slug, name: concepts.name, kind: concepts.kind, mentions: concepts.mentionCount, issues: concepts.issueCount, hidden: concepts.hidden })
        .from(concepts)
        .where(opts.kind ? eq(concepts.kind, opts.kind as ConceptKind) : undefined)
        .orderBy(desc(concepts.mentionCount))
        .limit(Number(opts.limit) || 40);
      for (const r of rows) {
        process.stdout.write(`${String(r.mentions).padStart(5)} ${String(r.issues).padStart(4)}  ${r.kind.padEnd(9)} ${r.name}  (${r.slug})${r.hidden ? " [hidden]" : ""}\n`);
      }
      return 0;
    }),
  );

program.command("rename <concept> <name>").description("give a concept a new name").action((target: string, value: string) => curate({ action: "rename", target, value }));
program.command("merge <concept> <into>").description("merge a concept into another").action((target: string, value: string) => curate({ action: "merge", target, value }));
program.command("hide <concept>").description("hide a concept from pages and lists").action((target: string) => curate({ action: "hide", target }));
program.command("alias <concept> <alias>").description("add another name under which the concept is found").action((target: string, value: string) => curate({ action: "alias", target, value }));

program
  .command("rules")
  .description("the curation rules, in the order they apply")
  .action(() =>
    run(async () => {
      const rules = await listConceptRules(getDb());
      if (rules.length === 0) log("No rules yet.");
      for (const r of rules) process.stdout.write(`${r.id}\t${r.action}\t${r.target}${r.value ? `\t${r.value}` : ""}\n`);
      return 0;
    }),
  );

program
  .command("unrule <id>")
  .description("remove a rule and re-apply the others")
  .action((id: string) =>
    run(async () => {
      const removed = await removeConceptRule(getDb(), Number(id));
      log(removed ? `rule ${id} removed` : `no rule ${id}`);
      return removed ? 0 : 2;
    }, true),
  );

program.parse();
