/**
 * Concept extraction's whole output as one deterministic JSON text: every issue's candidates, then
 * the concepts (names, kinds, aliases, definitions, mentions, per-issue ranks and scores) and
 * relations, extracted without curation rules and again with a set of rules of every kind. The
 * same code over the same text gives the same bytes, so a change meant to leave extraction's
 * behaviour alone (a refactor, a move) can be checked byte for byte.
 */
import { readIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts } from "@/lib/concepts/extract";
import type { ExtractionResult, IssueText } from "@/lib/concepts/types";

type Rule = { id: number; action: "hide" | "rename" | "alias" | "merge"; target: string; value: string | null };

/**
 * Rules aimed at the result's most central visible concepts, one of each action, plus two that
 * must stay dormant (a target that doesn't exist, a merge into itself).
 */
function rulesFor(result: ExtractionResult): Rule[] {
  const top = result.concepts
    .filter((c) => !c.hidden)
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 7);
  if (top.length < 7) return [];
  return [
    { id: 1, action: "hide", target: top[0]!.key, value: null },
    { id: 2, action: "rename", target: top[1]!.key, value: "A Name Given by Curation" },
    { id: 3, action: "alias", target: top[2]!.key, value: top[3]!.name },
    { id: 4, action: "merge", target: top[4]!.key, value: top[5]!.key },
    { id: 5, action: "hide", target: "no concept has this key", value: null },
    { id: 6, action: "merge", target: top[6]!.key, value: top[6]!.key },
  ];
}

export function dumpExtraction(issues: IssueText[]): string {
  const ordered = [...issues].sort((a, b) => a.id - b.id);
  const candidates = new Map(ordered.map((i) => [i.id, readIssueCandidates(i)]));
  const plain = extractConcepts({ issues: ordered, candidates });
  const rules = rulesFor(plain);
  const curated = extractConcepts({ issues: ordered, candidates, rules });
  const dump = {
    issues: ordered.map((i) => ({ id: i.id, slug: i.slug, candidates: candidates.get(i.id) })),
    plain,
    rules,
    curated,
  };
  return `${JSON.stringify(dump, null, 1)}\n`;
}
