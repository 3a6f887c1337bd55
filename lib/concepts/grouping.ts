/**
 * Step 4 of extraction: variants of one idea joined into a group before selection, so their
 * evidence is pooled and they end as one concept — an acronym and its expansion ("OKR",
 * "objectives and key results"), spellings apart ("LeanUX", "Lean UX"), a name with and without a
 * word for its kind ("Kanban", "Kanban Method"), variants of one contrast. A group's root is its
 * smallest key, whatever order the joins come in.
 */
import { type Counts, NAME_KINDS } from "./counting";
import lemmatizer from "wink-lemmatizer";
import { GENERIC_NOUNS, isGerundWord, PEOPLE_GROUPS, STOPWORDS } from "./junk";
import { closedKey, initialsOf, isAcronymShape, isTensionKey } from "./keys";
import { isRoleWord } from "./reference";
import { mostCommon, type Proposal } from "./tallies";

class UnionFind {
  private parent = new Map<string, string>();
  /** The root of x's group; a loop, not recursion, so no chain of merges can overflow the stack. */
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // Path compression: every key on the way now points at the root.
    for (let y = x; y !== root; ) {
      const next = this.parent.get(y)!;
      this.parent.set(y, root);
      y = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // biome-ignore lint/complexity/useMathMinMax: the keys are strings, ordered lexically (Math.min/max would coerce them to NaN)
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/** Keys by the root of their group, in key order. */
export function groupVariants(
  counts: Counts,
  proposals: Map<string, Proposal>,
  acronymVotes: Map<string, Map<string, number>>,
): Map<string, string[]> {
  const { keys, keyIndex, cf, keyIssues } = counts;
  const uf = new UnionFind();
  // An acronym joins its most often given expansion; on a tie, the one the text uses most ("PM" is
  // introduced once as "product management" and once as "product managers", and means the role).
  const usesOf = (k: string) => cf[keyIndex.get(k) ?? -1] ?? 0;
  /** The phrase each acronym joined ("wip" → "work in progress"). */
  const expansionOf = new Map<string, string>();
  for (const [ak, votes] of acronymVotes) {
    // An acronym often written in the plural ("PMs") names people or things: it can't stand for an
    // activity or a discipline ("product management"), whatever one sentence says.
    const forms = [...(proposals.get(ak)?.surfaces ?? [])];
    const plural = forms.filter(([f]) => /[A-Z0-9]s$/.test(f)).reduce((a, [, c]) => a + c, 0);
    const countable = plural >= 0.2 * forms.reduce((a, [, c]) => a + c, 0) && plural > 0;
    let ek: string | undefined;
    for (const [e, n] of [...votes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (countable && /(ment|ing|ness|ity|ship|ism)$/.test(e)) continue;
      if (!ek || n > votes.get(ek)! || (n === votes.get(ek)! && usesOf(e) > usesOf(ek))) ek = e;
    }
    if (ek && proposals.has(ak)) {
      uf.union(ak, ek);
      expansionOf.set(ak, ek);
    }
  }
  const bySquashed = new Map<string, string>();
  for (const k of keys) {
    if (isTensionKey(k)) continue;
    const squashed = closedKey(k);
    const other = bySquashed.get(squashed);
    if (other) uf.union(other, k);
    else bySquashed.set(squashed, k);
  }
  // "North Star Framework", "Kanban Method": a name and the same name with a word for its kind are one concept.
  const keySet = new Set(keys);
  for (const k of keys) {
    const t = k.split(" ");
    const base = t.slice(0, -1).join(" ");
    // (A name: capitalised, or of two words; "complexity theory" and "core principles" are ideas of their own.)
    if (
      t.length >= 2 &&
      NAME_KINDS.has(t[t.length - 1]!) &&
      keySet.has(base) &&
      (proposals.get(k)?.capsCount ?? 0) > 0 &&
      (base.includes(" ") || (proposals.get(base)?.capsCount ?? 0) > 0) &&
      !namesAFirm(counts, base)
    )
      uf.union(k, base);
  }
  joinKindWords(keys, proposals, uf);
  // An acronym never spelled out in brackets is the one phrase it abbreviates that the issues using it
  // also use ("WIP", "work in progress"), most of them; with two such phrases it stays alone.
  // Phrases by their initials, in key order, so each acronym looks at its own few, not every key.
  const byInitials = new Map<string, string[]>();
  for (const e of keys) {
    if (!e.includes(" ") || isTensionKey(e)) continue;
    const initials = initialsOf(e.split(" ")).strict;
    let list = byInitials.get(initials);
    if (!list) byInitials.set(initials, (list = []));
    list.push(e);
  }
  for (const k of keys) {
    if (k.includes(" ") || k.length < 3 || acronymVotes.has(k)) continue;
    const p = proposals.get(k)!;
    if (!mostCommon(p.surfaces) || !isAcronymShape(mostCommon(p.surfaces)!.replace(/s$/, ""))) continue;
    const ids = new Set(keyIssues[keyIndex.get(k)!]);
    const expansions = (byInitials.get(k) ?? []).filter((e) => keyIssues[keyIndex.get(e)!]!.some((id) => ids.has(id)));
    if (expansions.length === 1 && spelledInMost(ids, keyIssues[keyIndex.get(expansions[0]!)!]!)) {
      uf.union(k, expansions[0]!);
      expansionOf.set(k, expansions[0]!);
    }
  }
  // A phrase with an acronym in it is the same phrase with the acronym spelled out ("limiting WIP",
  // "limiting work in progress"), when the writing uses both.
  for (const k of keys) {
    if (!k.includes(" ") || isTensionKey(k)) continue;
    const words = k.split(" ");
    words.forEach((w, i) => {
      const expansion = expansionOf.get(w);
      if (!expansion) return;
      const spelled = [...words.slice(0, i), expansion, ...words.slice(i + 1)].join(" ");
      if (keySet.has(spelled)) uf.union(k, spelled);
    });
  }
  // Variants of one contrast: the same side against sides that differ only in their last word
  // ("measuring to learn vs. measuring to conform" / "… vs. measuring to control").
  const bySide = new Map<string, string[]>();
  for (const k of keys) {
    if (!isTensionKey(k)) continue;
    const [a, b] = k.split(" vs ") as [string, string];
    for (const [side, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (side.split(" ").filter((w) => !STOPWORDS.has(w)).length < 2 || other.split(" ").length < 2) continue;
      const stem = `${side}|${other.split(" ").slice(0, -1).join(" ")}|${other.split(" ").length}`;
      let list = bySide.get(stem);
      if (!list) bySide.set(stem, (list = []));
      list.push(k);
    }
  }
  for (const list of bySide.values()) for (const k of list.slice(1)) uf.union(list[0]!, k);
  const fragments = joinFragments(keys, usesOf, uf);
  joinVerbForms(keys, expansionOf, fragments, uf);
  const extended = joinGenericHeads(keys, keySet, uf);
  const byRoot = new Map<string, string[]>();
  for (const k of keys) {
    const root = uf.find(k);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(k);
  }
  const members = new Map<string, string[]>();
  for (const [root, list] of byRoot)
    members.set(solidRoot(wholeRoot(root, list, fragments, extended), list, proposals), list);
  return members;
}

/**
 * One verb phrase written two ways is one idea (12al): a gerund and its verb's base form leading the
 * same words ("limiting batch size", "limit batch size"), with any acronym inside spelled out as it was
 * joined above ("limiting WIP", "limit work in progress"). Each key of two words or more is read in that
 * plain form, and keys with the same plain form join. A fragment (joinFragments) is never written on its
 * own, so it is no verb phrase: "trust environment", only ever inside "low trust environment", is no base
 * form of "trusting environment" (an -ing word describing a noun, not a verb taking an object).
 */
function joinVerbForms(keys: string[], expansionOf: Map<string, string>, fragments: Set<string>, uf: UnionFind): void {
  const byForm = new Map<string, string>();
  for (const k of keys) {
    if (!k.includes(" ") || isTensionKey(k) || fragments.has(k)) continue;
    const form = plainForm(k.split(" "), expansionOf);
    const other = byForm.get(form);
    if (other) uf.union(other, k);
    else byForm.set(form, k);
  }
}

/** A phrase's words with its acronyms spelled out and a leading gerund as its verb's base form ("limit work in progress"). */
function plainForm(words: string[], expansionOf: Map<string, string>): string {
  const [first, ...rest] = words.map((w) => expansionOf.get(w) ?? w);
  return [isGerundWord(first!) ? lemmatizer.verb(first!) : first, ...rest].join(" ");
}

/**
 * A phrase the writing never uses but inside one longer phrase ("market fit", every use of which is in
 * "product/market fit"; "hanging fruit" in "low hanging fruit") is that phrase cut at a slash, a
 * hyphen or a title's line, not a name of its own: it joins the longer phrase's group (12ai). Counts
 * include overlaps, so a longer key that opens or ends with it and is used as often holds all its
 * uses. A side of a coordination ("service machine" in "service machine and SaaS robot") is a name
 * of its own, so "and"/"or" phrases take none. Returns the keys joined so.
 */
function joinFragments(keys: string[], usesOf: (k: string) => number, uf: UnionFind): Set<string> {
  // Every longer phrase by its opening and closing runs of two words or more.
  const byPart = new Map<string, string[]>();
  for (const long of keys) {
    const t = long.split(" ");
    if (t.length < 3 || isTensionKey(long) || t.includes("and") || t.includes("or")) continue;
    for (let n = 2; n < t.length; n++)
      for (const part of new Set([t.slice(0, n).join(" "), t.slice(t.length - n).join(" ")])) {
        let list = byPart.get(part);
        if (!list) byPart.set(part, (list = []));
        list.push(long);
      }
  }
  const fragments = new Set<string>();
  for (const k of keys) {
    const uses = usesOf(k);
    if (uses === 0 || isTensionKey(k)) continue;
    for (const long of byPart.get(k) ?? [])
      if (usesOf(long) >= uses) {
        uf.union(k, long);
        fragments.add(k);
      }
  }
  return fragments;
}

/**
 * A group whose smallest key is a fragment of a longer one (joinFragments) or a phrase with a generic
 * noun after a shorter key (joinGenericHeads) is rooted at its smallest whole phrase without one (12ai).
 */
function wholeRoot(root: string, list: string[], fragments: Set<string>, extended: Set<string>): string {
  if (!fragments.has(root) && !extended.has(root)) return root;
  const whole = list.filter((k) => !fragments.has(k));
  return whole.find((k) => !extended.has(k)) ?? whole[0] ?? root;
}

/**
 * One name written with two words for its kind ("the Spotify Model", "the Spotify Method") is one
 * concept, capitalised as a name both times, whether or not the bare name joins them (12ad).
 */
function joinKindWords(keys: string[], proposals: Map<string, Proposal>, uf: UnionFind): void {
  const byName = new Map<string, string>();
  for (const k of keys) {
    const t = k.split(" ");
    if (t.length < 2 || !NAME_KINDS.has(t[t.length - 1]!) || (proposals.get(k)?.capsCount ?? 0) === 0) continue;
    const name = t.slice(0, -1).join(" ");
    const other = byName.get(name);
    if (other) uf.union(other, k);
    else byName.set(name, k);
  }
}

/**
 * A one-word name the writing uses as a firm or a tool at least twice ("a company like Spotify",
 * "Spotify's engineers", "on Slack") and never practises is the firm, not the model named after it: "the
 * Spotify Model" is a concept of its own, and its uses are its phrase (12ad). "Kanban", practised
 * ("doing Kanban"), is the idea of "Kanban Method". The same test naming.ts makes of a concept's uses,
 * made here of the name's own uses, before grouping joins the two.
 */
function namesAFirm(counts: Counts, base: string): boolean {
  const cues = counts.nameCues.get(counts.keyIndex.get(base) ?? -1);
  return !!cues && cues.tool >= 2 && cues.method === 0;
}

/**
 * An acronym never spelled out stands for a phrase only if more of the issues using it write the
 * phrase than don't: the sense is read from the company the acronym keeps, so one issue that writes
 * both is no evidence for the others ("COD" beside "Cost of Delay" in one issue, "paid COD" — cash on
 * delivery — in another, is two senses; "WIP", written in 17 issues, 11 with "work in progress", is
 * one) (12z).
 */
function spelledInMost(acronymIssues: Set<number>, phraseIssues: number[]): boolean {
  const spelled = phraseIssues.filter((id) => acronymIssues.has(id)).length;
  return spelled > acronymIssues.size - spelled;
}

/**
 * A group whose smallest key is a word also written solid ("road map" beside "roadmap", "pre
 * requisite" beside "prerequisite"): the solid spelling is its root, so the concept is judged as the
 * single word it is — its keyness, the rules for single words — not as a name of two words (12w).
 * A solid spelling with a capital inside ("LeanUX") or written as a hashtag ("#agilebrandproblem") is
 * words run together, not one word.
 */
function solidRoot(root: string, list: string[], proposals: Map<string, Proposal>): string {
  if (!root.includes(" ") || isTensionKey(root)) return root;
  const solid = root.replace(/ /g, "");
  if (!list.includes(solid)) return root;
  const written = mostCommon(proposals.get(solid)?.surfaces ?? new Map()) ?? solid;
  return /[a-z][A-Z]/.test(written) || written.startsWith("#") ? root : solid;
}

/**
 * A phrase the writing also uses with a generic noun after it ("product development efforts"): the
 * generic noun names no idea of its own (junk.ts), so the longer phrase is a use of the shorter one
 * and joins its group (12ai). Only
 * after a phrase of two words or more: after one word the compound may be the name ("product
 * team" is no use of "product"). A noun for people makes a new thing of the compound, the people
 * doing it, not a use of it: a role ("manager", "designer"; it binds to the word before it, so
 * "single product manager" is a product manager, not a single product) or a body of people ("product
 * development team" is the people, "product development" their work), so neither joins. Returns the
 * keys joined so.
 */
function joinGenericHeads(keys: string[], keySet: Set<string>, uf: UnionFind): Set<string> {
  const joined = new Set<string>();
  for (const k of keys) {
    const t = k.split(" ");
    const head = t[t.length - 1]!;
    if (t.length < 3 || isTensionKey(k) || !GENERIC_NOUNS.has(head) || isRoleWord(head) || PEOPLE_GROUPS.has(head))
      continue;
    const base = t.slice(0, -1).join(" ");
    if (keySet.has(base) && !STOPWORDS.has(t[t.length - 2]!)) {
      uf.union(k, base);
      joined.add(k);
    }
  }
  return joined;
}
