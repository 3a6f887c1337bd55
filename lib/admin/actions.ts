"use server";
/**
 * The author's concept curation from the admin page. Server actions are
 * callable by anyone who can post to the site, so each checks the author role
 * itself; Next.js rejects cross-site posts by comparing Origin and Host.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { addConceptRule, removeConceptRule } from "./concept-rules";

export type CurationState = { message?: string; ok?: boolean };

const ruleSchema = z
  .object({
    action: z.enum(["rename", "merge", "hide", "alias"], { message: "Choose what to do." }),
    target: z.string().trim().min(1, "Choose a concept.").max(200),
    value: z.string().trim().max(200).optional(),
  })
  .refine((r) => r.action === "hide" || !!r.value, { message: "Fill in the new name, the concept to merge into, or the alias.", path: ["value"] });

async function requireAuthor() {
  const user = await getCurrentUser();
  if (!user || user.role !== "author") throw new Error("Only the newsletter's author can curate concepts.");
  return user;
}

export async function addConceptRuleAction(_prev: CurationState, form: FormData): Promise<CurationState> {
  const user = await requireAuthor().catch(() => null);
  if (!user) return { message: "Only the newsletter's author can curate concepts." };
  const parsed = ruleSchema.safeParse({
    action: form.get("action"),
    target: form.get("target"),
    value: form.get("value") || undefined,
  });
  if (!parsed.success) return { message: parsed.error.issues.map((i) => i.message).join(" ") };
  try {
    await addConceptRule(getDb(), { ...parsed.data, createdBy: user.email ?? user.id });
  } catch (err) {
    return { message: err instanceof Error ? err.message : "The rule could not be saved." };
  }
  revalidatePath("/admin");
  return { ok: true, message: "Rule saved. It applies from the next concept extraction on." };
}

export async function removeConceptRuleAction(form: FormData): Promise<void> {
  await requireAuthor();
  const id = z.coerce.number().int().positive().parse(form.get("id"));
  await removeConceptRule(getDb(), id);
  revalidatePath("/admin");
}
