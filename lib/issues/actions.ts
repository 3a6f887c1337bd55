"use server";
/**
 * The author's archive actions from the admin page: the same operations as
 * `npm run issues` (lib/issues/archive.ts), then the derived stages, so concepts
 * and search follow before the page reloads. Each checks the author role itself:
 * a server action is callable by anyone who can post to the site.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import type { RunChanges } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { formatIssueDate } from "@/lib/ui/format";
import { ArchiveError, parseIssueDate, restoreIssue, setIssueDate, withdrawIssue } from "./archive";

export type ArchiveActionState = { ok?: boolean; message?: string };

const archiveActionSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("withdraw"), slug: z.string().trim().min(1).max(200) }),
  z.object({ op: z.literal("restore"), slug: z.string().trim().min(1).max(200) }),
  z.object({
    op: z.literal("date"),
    slug: z.string().trim().min(1).max(200),
    date: z.string().trim().min(1, "Give a date, or none.").max(20),
  }),
]);

export async function archiveIssueAction(_prev: ArchiveActionState, form: FormData): Promise<ArchiveActionState> {
  const user = await getCurrentUser();
  if (user?.role !== "author") return { message: "Only the newsletter's author can change issues." };
  const parsed = archiveActionSchema.safeParse({
    op: form.get("op"),
    slug: form.get("slug"),
    date: form.get("date") ?? undefined,
  });
  if (!parsed.success) return { message: parsed.error.issues.map((i) => i.message).join(" ") };
  const input = parsed.data;
  const db = getDb();
  let changes: RunChanges;
  let message: string;
  try {
    if (input.op === "withdraw") {
      const result = await withdrawIssue(db, input.slug);
      changes = result.changes;
      const kept =
        result.issue.annotations > 0
          ? ` Its ${result.issue.annotations} annotation${result.issue.annotations === 1 ? " stays" : "s stay"} with their readers.`
          : "";
      message = result.alreadyWithdrawn
        ? `“${result.issue.title}” was already withdrawn.`
        : `“${result.issue.title}” is withdrawn from readers.${kept}`;
    } else if (input.op === "restore") {
      const result = await restoreIssue(db, input.slug);
      changes = result.changes;
      message = result.wasLive
        ? `“${result.issue.title}” was not withdrawn.`
        : `“${result.issue.title}” is back for readers.`;
    } else {
      const result = await setIssueDate(db, input.slug, parseIssueDate(input.date));
      changes = result.changes;
      message = `“${result.issue.title}” is dated ${formatIssueDate(result.issue.publishedAt, result.issue.datePrecision) ?? "none (undated)"}.`;
    }
  } catch (err) {
    if (err instanceof ArchiveError) return { message: err.message };
    throw err;
  }
  const errors = await runDerivedStages(db, changes);
  revalidatePath("/", "layout");
  if (errors.length > 0)
    return {
      ok: true,
      message: `${message} Not everything has followed yet (${errors.join("; ")}); it catches up the next time the stages run (any ingest, or npm run concepts -- refresh).`,
    };
  return { ok: true, message };
}
