/**
 * The author's curation of concepts: rename, merge, hide, alias. Each decision
 * is stored as a rule (table concept_rules) and applied after every
 * extraction, so it survives re-runs; adding or removing one re-applies the
 * rules at once (from cached candidates: no text is re-read).
 *
 * Called by `npm run concepts` and by the author's admin page. A rule
 * names its concept by slug, name, alias or key; it is stored by key, which
 * is what stays stable across extractions.
 */
import { asc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { conceptRules, concepts, type ConceptRule } from "@/db/schema";
import { noChanges, type StageEvents } from "@/lib/ingest/stage-types";
import { runDerivedStages } from "@/lib/ingest/stages";
import { conceptKey } from "./keys";

/**
 * Re-apply the rules through the derived stages, as an ingest would: concepts, then the search
 * indexes (built-in documents, Meilisearch's documents and synonyms), then the cached pages.
 * Readers find a renamed or aliased concept right after the author curates it, not after the
 * next ingest. Returns the stages' failures, one line each (the rule itself is stored).
 */
function applyRules(db: Db, events: StageEvents): Promise<string[]> {
  return runDerivedStages(db, { ...noChanges(), conceptRules: true }, events);
}

export const conceptRuleSchema = z
  .object({
    action: z.enum(["rename", "merge", "hide", "alias"]),
    target: z.string().trim().min(1, "name the concept (slug, name or alias)").max(200),
    value: z.string().trim().max(200).optional(),
    createdBy: z.string().trim().max(200).optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.action !== "hide" && !rule.value) {
      const what = { rename: "the new name", merge: "the concept to merge into", alias: "the alias" }[rule.action];
      ctx.addIssue({ code: "custom", path: ["value"], message: `${rule.action} needs ${what}` });
    }
  });

export type ConceptRuleInput = z.input<typeof conceptRuleSchema>;

export class ConceptRuleError extends Error {}

/** The stored concept a reference names: by slug, former slug, key, name, or alias. */
async function resolveConceptRef(
  db: Db,
  ref: string,
): Promise<{ id: number; key: string; slug: string; name: string } | undefined> {
  const key = conceptKey(ref);
  const cols = { id: concepts.id, key: concepts.key, slug: concepts.slug, name: concepts.name };
  const [direct] = await db
    .select(cols)
    .from(concepts)
    .where(or(eq(concepts.slug, ref), eq(concepts.key, ref), key ? eq(concepts.key, key) : undefined))
    .limit(1);
  if (direct) return direct;
  const [loose] = await db
    .select(cols)
    .from(concepts)
    .where(
      or(
        sql`${concepts.formerSlugs} ? ${ref}`,
        sql`lower(${concepts.name}) = lower(${ref})`,
        key ? sql`${concepts.memberKeys} ? ${key}` : undefined,
        sql`exists (select 1 from jsonb_array_elements_text(${concepts.aliases}) a where lower(a) = lower(${ref}))`,
      ),
    )
    .orderBy(sql`${concepts.mentionCount} desc`)
    .limit(1);
  return loose;
}

/**
 * Validate, store and apply a rule. Throws ConceptRuleError with a reader-facing message when it
 * can't; `errors` are the derived stages that failed to apply it.
 */
export async function addConceptRule(
  db: Db,
  input: ConceptRuleInput,
  events: StageEvents = {},
): Promise<{ rule: ConceptRule; errors: string[] }> {
  const parsed = conceptRuleSchema.safeParse(input);
  if (!parsed.success) throw new ConceptRuleError(parsed.error.issues.map((i) => i.message).join("; "));
  const { action, target, value, createdBy } = parsed.data;
  const concept = await resolveConceptRef(db, target);
  if (!concept) throw new ConceptRuleError(`No concept "${target}".`);
  let storedValue: string | null = value ?? null;
  if (action === "merge") {
    const into = await resolveConceptRef(db, value!);
    if (!into) throw new ConceptRuleError(`No concept "${value}" to merge into.`);
    if (into.id === concept.id) throw new ConceptRuleError("A concept cannot be merged into itself.");
    storedValue = into.key;
  }
  if (action === "alias" && !conceptKey(value!)) throw new ConceptRuleError(`"${value}" has no words to match.`);
  const [rule] = await db
    .insert(conceptRules)
    .values({ action, target: concept.key, value: storedValue, createdBy: createdBy ?? null })
    .returning();
  const errors = await applyRules(db, events);
  return { rule: rule!, errors };
}

export async function listConceptRules(db: Db): Promise<ConceptRule[]> {
  return db.select().from(conceptRules).orderBy(asc(conceptRules.id));
}

/** Remove a rule and re-apply the rest. `removed` is false when there was no such rule (nothing is re-applied). */
export async function removeConceptRule(
  db: Db,
  id: number,
  events: StageEvents = {},
): Promise<{ removed: boolean; errors: string[] }> {
  const deleted = await db.delete(conceptRules).where(eq(conceptRules.id, id)).returning({ id: conceptRules.id });
  if (deleted.length === 0) return { removed: false, errors: [] };
  return { removed: true, errors: await applyRules(db, events) };
}
