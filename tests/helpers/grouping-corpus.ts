/**
 * Counts and proposals for grouping's unit tests, written by hand: each key with how it was written
 * ({surface: uses}, or a number of uses written as the key itself) and the issues using it.
 */
import type { Counts } from "@/lib/concepts/counting";
import type { Proposal } from "@/lib/concepts/tallies";

export type GroupingEntry = [key: string, written: Record<string, number> | number, issues: number[]];

export function groupingCorpus(entries: GroupingEntry[]): { counts: Counts; proposals: Map<string, Proposal> } {
  const issuesOf = new Map(entries.map(([k, , ids]) => [k, ids]));
  const keys = entries.map(([k]) => k).sort();
  const proposals = new Map<string, Proposal>();
  for (const [key, written] of entries) {
    const surfaces = new Map(typeof written === "number" ? [[key, written]] : Object.entries(written));
    const uses = [...surfaces.values()].reduce((a, b) => a + b, 0);
    const caps = [...surfaces].filter(([s]) => /^[A-Z]/.test(s)).reduce((a, [, n]) => a + n, 0);
    proposals.set(key, {
      key,
      sources: new Map(),
      surfaces,
      phraseCount: uses,
      capsCount: caps,
      peak: uses,
      orSurfaces: new Set(),
    });
  }
  const counts = {
    keys,
    keyIndex: new Map(keys.map((k, i) => [k, i])),
    df: Uint32Array.from(keys.map((k) => issuesOf.get(k)!.length)),
    cf: Uint32Array.from(keys.map((k) => proposals.get(k)!.phraseCount)),
    keyIssues: keys.map((k) => issuesOf.get(k)!),
    titledTf: new Map(),
    nameCues: new Map(),
    totalTokens: 1000,
  } as Counts;
  return { counts, proposals };
}

/** The group (its keys) that holds `key`. */
export const groupOf = (groups: Map<string, string[]>, key: string) =>
  [...groups.values()].find((g) => g.includes(key));
