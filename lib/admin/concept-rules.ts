/**
 * Stand-in for the curation interface of lib/concepts/actions.ts (branch
 * `concepts`): same names and signatures, storing rules in `concept_rules`.
 * Once that module is merged, import from it and delete this file — it owns
 * the rules' validation and applies them to the concepts.
 */
import { desc, eq, ilike, or } from "drizzle-orm";
import type { Db } from "@/db";
import { conceptRules, concepts, type ConceptRule, type ConceptRuleAction } from "@/db/schema";

export type ConceptRuleInput = { action: ConceptRuleAction; target: string; value?: string | null; createdBy?: string | null };

export async function addConceptRule(db: Db, input: ConceptRuleInput): Promise<ConceptRule> {
  const value = input.value?.trim() || null;
  if (input.action !== "hide" && !value) throw new Error(`A ${input.action} rule needs a value.`);
  if (input.action === "merge" && value === input.target) throw new Error("A concept can't be merged into itself.");
  const [row] = await db
    .insert(conceptRules)
    .values({ action: input.action, target: input.target.trim(), value: input.action === "hide" ? null : value, createdBy: input.createdBy ?? null })
    .returning();
  return row!;
}

export async function listConceptRules(db: Db): Promise<ConceptRule[]> {
  return db.select().from(conceptRules).orderBy(desc(conceptRules.createdAt), desc(conceptRules.id));
}

export async function removeConceptRule(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(conceptRules).where(eq(conceptRules.id, id)).returning({ id: conceptRules.id });
  return rows.length > 0;
}

/** The concepts the author may curate, most central first, optionally narrowed by name or key. */
export async function listConceptsForCuration(db: Db, options: { q?: string; limit?: number } = {}) {
  const q = options.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select({ key: concepts.key, name: concepts.name, slug: concepts.slug, hidden: concepts.hidden, mentionCount: concepts.mentionCount, issueCount: concepts.issueCount })
    .from(concepts)
    .where(pattern ? or(ilike(concepts.name, pattern), ilike(concepts.key, pattern)) : undefined)
    .orderBy(desc(concepts.score), concepts.name)
    .limit(options.limit ?? 50);
}
