/**
 * Related concepts by co-occurrence significance, not raw counts: Dunning's
 * log-likelihood ratio (G²) over issues. Two concepts are related when they
 * are central to the same issues more often than their own frequencies
 * predict; "team" and "product" co-occur everywhere and so relate to nothing.
 */

/** G² for a 2×2 contingency table of issue counts. */
export function logLikelihood(both: number, onlyA: number, onlyB: number, neither: number): number {
  const n = both + onlyA + onlyB + neither;
  if (n === 0) return 0;
  const cells: [number, number, number][] = [
    [both, both + onlyA, both + onlyB],
    [onlyA, both + onlyA, onlyA + neither],
    [onlyB, onlyB + neither, both + onlyB],
    [neither, onlyB + neither, onlyA + neither],
  ];
  let g = 0;
  for (const [observed, row, column] of cells) {
    if (observed === 0) continue;
    const expected = (row * column) / n;
    g += observed * Math.log(observed / expected);
  }
  return 2 * g;
}

/** p < 0.001 for one degree of freedom. */
const SIGNIFICANT_G2 = 10.83;

/**
 * For each concept, up to `limit` related concepts with G² ≥ the threshold and
 * more co-occurrence than chance. `issuesOf` lists, per concept, the issues it
 * is central to.
 */
export function relateConcepts(
  issuesOf: Map<number, Set<number>>,
  totalIssues: number,
  limit = 8,
): { from: number; to: number; score: number }[] {
  const byIssue = new Map<number, number[]>();
  for (const [concept, issues] of issuesOf) {
    for (const issue of issues) {
      let list = byIssue.get(issue);
      if (!list) byIssue.set(issue, (list = []));
      list.push(concept);
    }
  }
  // A pair of concept indexes as one number (a string per pair was most of this step's time).
  const PAIR = 2 ** 26;
  const pairs = new Map<number, number>();
  for (const list of byIssue.values()) {
    list.sort((a, b) => a - b);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const k = list[i]! * PAIR + list[j]!;
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
    }
  }
  const related = new Map<number, { to: number; score: number }[]>();
  for (const [k, both] of pairs) {
    if (both < 2) continue;
    const a = Math.floor(k / PAIR);
    const b = k % PAIR;
    const na = issuesOf.get(a)!.size;
    const nb = issuesOf.get(b)!.size;
    const expected = (na * nb) / totalIssues;
    if (both <= expected) continue;
    const g = logLikelihood(both, na - both, nb - both, totalIssues - na - nb + both);
    if (g < SIGNIFICANT_G2) continue;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      let list = related.get(from);
      if (!list) related.set(from, (list = []));
      list.push({ to, score: g });
    }
  }
  const out: { from: number; to: number; score: number }[] = [];
  for (const [from, list] of related) {
    list.sort((x, y) => y.score - x.score || x.to - y.to);
    for (const r of list.slice(0, limit)) out.push({ from, to: r.to, score: Math.round(r.score * 100) / 100 });
  }
  return out;
}
