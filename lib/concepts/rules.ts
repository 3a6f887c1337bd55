/**
 * Step 6 of extraction: the author's curation rules, applied in the order they were made, to the
 * groups selection kept — hide, rename, add an alias (taking that key from any other concept),
 * merge one concept into another. Rules are matched by key, not by database id, so they outlive
 * re-extraction; one whose target no longer exists is reported dormant rather than dropped.
 */
import type { ConceptRule } from "@/db/schema";
import { conceptKey } from "./keys";
import type { Chosen } from "./select";

export type Rules = Pick<ConceptRule, "id" | "action" | "target" | "value">[];

/** The groups left after the rules (merged-away ones gone), and the ids of rules with nothing to act on. */
export function applyRules(chosen: Chosen[], rules: Rules): { live: Chosen[]; dormantRules: number[] } {
  const dormantRules: number[] = [];
  const findGroup = (target: string): Chosen | undefined => {
    const key = conceptKey(target) || target;
    return chosen.find((c) => c.group.keys.has(target) || c.group.keys.has(key));
  };
  for (const rule of rules) {
    const from = findGroup(rule.target);
    if (!from) {
      dormantRules.push(rule.id);
      continue;
    }
    if (rule.action === "hide") from.group.hidden = true;
    else if (rule.action === "rename" && rule.value) from.group.name = rule.value;
    else if (rule.action === "alias" && rule.value) {
      const key = conceptKey(rule.value);
      if (!key) continue;
      from.group.keys.add(key);
      from.group.aliasSurfaces.set(rule.value, (from.group.aliasSurfaces.get(rule.value) ?? 0) + 1);
      // Another concept that is nothing but this alias is absorbed.
      const other = chosen.find((c) => c !== from && c.group.keys.has(key));
      if (other) other.group.keys.delete(key);
    } else if (rule.action === "merge" && rule.value) {
      const into = findGroup(rule.value);
      if (!into || into === from) {
        dormantRules.push(rule.id);
        continue;
      }
      for (const k of from.group.keys) into.group.keys.add(k);
      for (const [s, c] of from.group.aliasSurfaces)
        into.group.aliasSurfaces.set(s, (into.group.aliasSurfaces.get(s) ?? 0) + c);
      for (const a of from.group.acronyms) into.group.acronyms.add(a);
      from.group.keys.clear();
    }
  }
  const live = chosen.filter((c) => c.group.keys.size > 0);
  return { live, dormantRules };
}
