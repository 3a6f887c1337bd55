"use server";
/**
 * The author's concept curation from the admin page, through the concepts
 * module's own rules (lib/concepts/actions.ts). Server actions are
 * callable by anyone who can post to the site, so each checks the author role
 * itself; Next.js rejects cross-site posts by comparing Origin and Host.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { ConceptRuleError, addConceptRule, conceptRuleSchema, removeConceptRule } from "@/lib/concepts/actions";

export type CurationState = { message?: string; ok?: boolean };

async function requireAuthor() {
  const user = await getCurrentUser();
  if (user?.role !== "author") throw new Error("Only the newsletter's author can curate concepts.");
  return user;
}

export async function addConceptRuleAction(_prev: CurationState, form: FormData): Promise<CurationState> {
  const user = await requireAuthor().catch(() => null);
  if (!user) return { message: "Only the newsletter's author can curate concepts." };
  // The concepts module's own schema and rules: the same as `npm run concepts`.
  const parsed = conceptRuleSchema.safeParse({
    action: form.get("action"),
    target: form.get("target"),
    value: form.get("value") || undefined,
  });
  if (!parsed.success) return { message: parsed.error.issues.map((i) => i.message).join(" ") };
  let applied: Awaited<ReturnType<typeof addConceptRule>>;
  try {
    // Concepts, search and the cached concept data (on every page that lists concepts) follow at once.
    applied = await addConceptRule(getDb(), { ...parsed.data, createdBy: user.email ?? user.id });
  } catch (err) {
    if (err instanceof ConceptRuleError) return { message: err.message };
    throw err;
  }
  revalidatePath("/admin");
  const { rule, errors } = applied;
  if (errors.length > 0)
    return {
      ok: true,
      message: `Rule saved for "${rule.target}", but not applied everywhere yet (${errors.join("; ")}).`,
    };
  return { ok: true, message: `Rule saved and applied to "${rule.target}".` };
}

export async function removeConceptRuleAction(form: FormData): Promise<void> {
  await requireAuthor();
  const id = z.coerce.number().int().positive().parse(form.get("id"));
  const { errors } = await removeConceptRule(getDb(), id);
  // The rule is gone; a stage that failed catches up on its next run. Say so where the operator looks.
  if (errors.length > 0)
    console.error(`[concepts] rule ${id} removed, but not applied everywhere yet: ${errors.join("; ")}`);
  revalidatePath("/admin");
}
