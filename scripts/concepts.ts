/**
 * npm run concepts -- <command>
 *   refresh [--background]      catch up: the corpus-wide re-derivation a quick ingest left due, and
 *                               any stale issue (ingest starts it with --background after a few changes)
 *   rebuild                     re-read every issue and rebuild all concepts (slugs are kept)
 *   list [--kind K] [--limit N] the most mentioned concepts
 *   rename <concept> <new name> | merge <concept> <into> | hide <concept> | alias <concept> <alias>
 *   rules                       the curation rules, in the order they apply
 *   unrule <id>                 remove a rule and re-apply the others
 * A <concept> is its slug, name, an alias, or its key. Every command that changes concepts
 * brings search and the running app's pages along, through the derived stages as ingest does.
 */
import os from "node:os";
import { Command } from "commander";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { runPendingDerivation } from "@/lib/concepts/background";
import { describePending, readDerivation } from "@/lib/concepts/derivation";
import { getDataDir } from "@/lib/env";
import { concepts, type ConceptKind } from "@/db/schema";
import { createStepBars } from "@/lib/cli/progress";
import { runWithDatabase } from "@/lib/cli/run";
import {
  ConceptRuleError,
  addConceptRule,
  listConceptRules,
  removeConceptRule,
  type ConceptRuleInput,
} from "@/lib/concepts/actions";
import { noChanges, type StageEvents } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Run `work` with the derived stages' events wired to a bar per long step on a terminal, plain
 * lines elsewhere. Concepts reach search and the running app's pages through the same stages as
 * an ingest (lib/ingest/stages.ts); a stage that failed makes the exit code 1.
 */
async function withStages(work: (events: StageEvents) => Promise<{ code: number; errors: string[] }>): Promise<number> {
  const bars = createStepBars();
  try {
    const { code, errors } = await work({
      onMessage: bars?.log ?? log,
      onProgress: (stage, step, done, total) => bars?.update(`${stage}: ${step}`, done, total),
    });
    return errors.length > 0 ? Math.max(code, 1) : code;
  } finally {
    bars?.stop();
  }
}

function run(work: () => Promise<number>): void {
  void runWithDatabase(async () => {
    try {
      return await work();
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
  run(() =>
    withStages(async (events) => {
      const { rule, errors } = await addConceptRule(getDb(), { ...input, createdBy: "cli" }, events);
      log(`rule ${rule.id} saved: ${rule.action} ${rule.target}${rule.value ? ` → ${rule.value}` : ""}`);
      return { code: 0, errors };
    }),
  );
}

const program = new Command().name("concepts").description("Extract and curate concepts").showHelpAfterError();

program
  .command("refresh")
  .description("re-derive concepts across the archive if due (after a quick ingest) and catch up on stale issues")
  .option("--background", "as started by ingest: timestamped lines for its log file")
  .action((opts: { background?: boolean }) =>
    run(() =>
      withStages(async (events) => {
        const stamp = (line: string) => log(opts.background ? `${new Date().toISOString()} ${line}` : line);
        const db = getDb();
        const pending = describePending(await readDerivation(db));
        // Started by ingest, it runs below the app's priority (background.ts): the log says so.
        if (opts.background) stamp(`running at niceness ${os.getPriority()}${pending ? `; ${pending}` : ""}`);
        else if (pending) stamp(pending);
        const started = performance.now();
        const { errors, passes, joined } = await runPendingDerivation(
          db,
          getDataDir(),
          {
            ...events,
            onMessage: opts.background ? stamp : events.onMessage,
            onProgress: opts.background ? undefined : events.onProgress,
          },
          { coalesce: opts.background },
        );
        if (joined) {
          stamp("another pass is already waiting to run; it will derive these changes too");
          return { code: 0, errors };
        }
        const left = describePending(await readDerivation(db));
        stamp(
          `${passes} pass${passes === 1 ? "" : "es"} in ${((performance.now() - started) / 1000).toFixed(1)} s${left ? `; still ${left}` : ""}`,
        );
        return { code: 0, errors };
      }),
    ),
  );

program
  .command("rebuild")
  .description("re-read every issue and rebuild all concepts (slugs are kept)")
  .action(() =>
    run(() =>
      withStages(async (events) => ({
        code: 0,
        errors: await runDerivedStages(getDb(), noChanges(), { ...events, rebuild: { concepts: true } }),
      })),
    ),
  );

program
  .command("list")
  .description("the most mentioned concepts")
  .option("--kind <kind>", "framework, tension, term or acronym")
  .option("--limit <n>", "how many", "40")
  .action((opts: { kind?: string; limit: string }) =>
    run(async () => {
      const rows = await getDb()
        .select({
          slug: concepts.slug,
          name: concepts.name,
          kind: concepts.kind,
          mentions: concepts.mentionCount,
          issues: concepts.issueCount,
          hidden: concepts.hidden,
        })
        .from(concepts)
        .where(opts.kind ? eq(concepts.kind, opts.kind as ConceptKind) : undefined)
        .orderBy(desc(concepts.mentionCount))
        .limit(Number(opts.limit) || 40);
      for (const r of rows) {
        process.stdout.write(
          `${String(r.mentions).padStart(5)} ${String(r.issues).padStart(4)}  ${r.kind.padEnd(9)} ${r.name}  (${r.slug})${r.hidden ? " [hidden]" : ""}\n`,
        );
      }
      return 0;
    }),
  );

program
  .command("rename <concept> <name>")
  .description("give a concept a new name")
  .action((target: string, value: string) => curate({ action: "rename", target, value }));
program
  .command("merge <concept> <into>")
  .description("merge a concept into another")
  .action((target: string, value: string) => curate({ action: "merge", target, value }));
program
  .command("hide <concept>")
  .description("hide a concept from pages and lists")
  .action((target: string) => curate({ action: "hide", target }));
program
  .command("alias <concept> <alias>")
  .description("add another name under which the concept is found")
  .action((target: string, value: string) => curate({ action: "alias", target, value }));

program
  .command("rules")
  .description("the curation rules, in the order they apply")
  .action(() =>
    run(async () => {
      const rules = await listConceptRules(getDb());
      if (rules.length === 0) log("No rules yet.");
      for (const r of rules)
        process.stdout.write(`${r.id}\t${r.action}\t${r.target}${r.value ? `\t${r.value}` : ""}\n`);
      return 0;
    }),
  );

program
  .command("unrule <id>")
  .description("remove a rule and re-apply the others")
  .action((id: string) =>
    run(() =>
      withStages(async (events) => {
        const { removed, errors } = await removeConceptRule(getDb(), Number(id), events);
        log(removed ? `rule ${id} removed` : `no rule ${id}`);
        return { code: removed ? 0 : 2, errors };
      }),
    ),
  );

program.parse();
