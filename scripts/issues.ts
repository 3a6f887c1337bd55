/**
 * npm run issues -- <command>
 *   list [--withdrawn | --undated | --samples | --all] [--search text] [--json]
 *   delete <slug>... [--purge]    withdraw issues from readers (annotations kept); --purge: for good, if none
 *   restore <slug>...             give withdrawn issues back to readers
 *   set-date <slug> <date>        date an issue: YYYY-MM-DD, YYYY-MM, YYYY, or none
 * Every change brings concepts and the search index up to date before the command exits.
 * Exit code 0 when everything was done, 1 when a slug named no issue or a change was
 * refused, 2 for a usage error.
 */
import { Command } from "commander";
import { getDb } from "@/db";
import { createStepBars } from "@/lib/cli/progress";
import { runWithDatabase } from "@/lib/cli/run";
import { noChanges, type RunChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import {
  ArchiveError,
  listArchive,
  parseIssueDate,
  purgeIssue,
  restoreIssue,
  setIssueDate,
  withdrawIssue,
  type ArchiveFilter,
  type ArchiveIssue,
} from "@/lib/issues/archive";
import { formatIssueDate, issueLabel } from "@/lib/ui/format";

const log = (line: string) => process.stderr.write(`${line}\n`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function run(work: () => Promise<number>): void {
  void runWithDatabase(work);
}

/** Concepts and search, after the changes: bars on a terminal, a line per stage elsewhere. */
async function applyChanges(changes: RunChanges): Promise<number> {
  if (changes.changed.length === 0 && changes.deleted.length === 0) return 0;
  const bars = createStepBars();
  try {
    const errors = await runDerivedStages(getDb(), changes, {
      onMessage: bars?.log ?? log,
      onProgress: (stage, step, done, total) => bars?.update(`${stage}: ${step}`, done, total),
    });
    return errors.length > 0 ? 1 : 0;
  } finally {
    bars?.stop();
  }
}

function merge(all: RunChanges, next: RunChanges): void {
  all.changed.push(...next.changed);
  all.deleted.push(...next.deleted);
}

function describeDate(issue: ArchiveIssue): string {
  return formatIssueDate(issue.publishedAt, issue.datePrecision) ?? "undated";
}

/** Apply `action` to each slug; a slug that fails is reported and the others still go ahead. */
async function eachSlug(
  slugs: string[],
  action: (slug: string, changes: RunChanges) => Promise<void>,
): Promise<number> {
  const changes: RunChanges = noChanges();
  let failed = 0;
  for (const slug of slugs) {
    try {
      await action(slug, changes);
    } catch (err) {
      if (!(err instanceof ArchiveError)) throw err;
      log(`✗ ${err.message}`);
      failed += 1;
    }
  }
  const stages = await applyChanges(changes);
  return failed > 0 ? 1 : stages;
}

const program = new Command()
  .name("issues")
  .description("List, delete, restore and date the issues in the archive")
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command("list")
  .description("every issue readers see (or the withdrawn, undated or sample ones), newest first")
  .option("--all", "withdrawn issues too")
  .option("--withdrawn", "only withdrawn issues")
  .option("--undated", "only issues without a date")
  .option("--samples", "only the sample issues")
  .option("--search <text>", "only issues whose title or slug contains this")
  .option("--json", "one JSON object per line on stdout")
  .action(
    (opts: {
      all?: boolean;
      withdrawn?: boolean;
      undated?: boolean;
      samples?: boolean;
      search?: string;
      json?: boolean;
    }) =>
      run(async () => {
        const filter: ArchiveFilter = opts.withdrawn
          ? "withdrawn"
          : opts.undated
            ? "undated"
            : opts.samples
              ? "samples"
              : opts.all
                ? "all"
                : "live";
        const { items, total } = await listArchive(getDb(), { filter, q: opts.search });
        for (const i of items) {
          if (opts.json) {
            const { sourcePath, ...rest } = i;
            process.stdout.write(
              `${JSON.stringify({ ...rest, sourcePath, publishedAt: i.publishedAt?.toISOString() ?? null, withdrawnAt: i.withdrawnAt?.toISOString() ?? null })}\n`,
            );
            continue;
          }
          const notes = [
            i.withdrawnAt ? "withdrawn" : "",
            i.isSample ? "sample" : "",
            i.annotations > 0 ? plural(i.annotations, "annotation") : "",
            i.dateSetByAuthor ? "dated by you" : "",
          ].filter(Boolean);
          process.stdout.write(
            `${describeDate(i).padEnd(18)} ${(issueLabel(i) ?? "").padEnd(9)} ${i.slug}  ${i.title}${notes.length ? `  [${notes.join(", ")}]` : ""}\n`,
          );
        }
        if (!opts.json) log(`${plural(total, "issue")}${filter === "live" ? "" : ` (${filter})`}`);
        return 0;
      }),
  );

program
  .command("delete <slugs...>")
  .description("withdraw issues from readers; their readers' annotations are kept (restore brings them back)")
  .option("--purge", "delete for good instead (only issues nobody has annotated)")
  .action((slugs: string[], opts: { purge?: boolean }) =>
    run(() =>
      eachSlug(slugs, async (slug, changes) => {
        const db = getDb();
        if (opts.purge) {
          const { issue, changes: c } = await purgeIssue(db, slug);
          merge(changes, c);
          log(`deleted for good: ${issue.slug} (${issue.title})`);
          return;
        }
        const { issue, alreadyWithdrawn, changes: c } = await withdrawIssue(db, slug);
        merge(changes, c);
        if (alreadyWithdrawn) log(`already withdrawn: ${issue.slug}`);
        else {
          const kept =
            issue.annotations > 0 ? `; its ${plural(issue.annotations, "annotation")} stay with their readers` : "";
          log(`withdrawn: ${issue.slug} (${issue.title})${kept}. Undo with: npm run issues -- restore ${issue.slug}`);
        }
      }),
    ),
  );

program
  .command("restore <slugs...>")
  .description("give withdrawn issues back to readers")
  .action((slugs: string[]) =>
    run(() =>
      eachSlug(slugs, async (slug, changes) => {
        const { issue, wasLive, changes: c } = await restoreIssue(getDb(), slug);
        merge(changes, c);
        log(wasLive ? `not withdrawn: ${issue.slug}` : `restored: ${issue.slug} (${issue.title})`);
      }),
    ),
  );

program
  .command("set-date <slug> <date>")
  .description(
    "date an issue (YYYY-MM-DD, YYYY-MM or YYYY; none makes it undated); kept when its source is ingested again",
  )
  .action((slug: string, value: string) =>
    run(async () => {
      let date: ReturnType<typeof parseIssueDate>;
      try {
        date = parseIssueDate(value);
      } catch (err) {
        if (!(err instanceof ArchiveError)) throw err;
        log(`error: ${err.message}`);
        return 2;
      }
      return eachSlug([slug], async (s, changes) => {
        const { issue, changes: c } = await setIssueDate(getDb(), s, date);
        merge(changes, c);
        log(`${issue.slug}: ${describeDate(issue)}`);
      });
    }),
  );

program.parse();
