/**
 * One idea, one place in an issue's list (12ap). An issue page lists its first few concepts; an
 * issue that names one idea several ways ("forcing functions" and "healthy forcing functions"; a
 * tension and its sides said with a head, "acute vs. chronic" beside "acute issues") would spend
 * several of those places on it and push a real idea below them. The lower-ranked name of such a
 * pair takes no place of its own in that issue's list: it moves to just below the listed places,
 * and stays a concept of the issue with its mentions and its own page.
 */
import { isTensionKey } from "./keys";
import { LIMITS } from "./limits";

/** What placing needs of the corpus's concepts: ranking's Ranker has it all. */
type Names = {
  live: { root: string; group: { hidden: boolean } }[];
  groupMarksOf: number[];
  markedIn: (index: number, issueId: number) => readonly string[];
};

/** One name in an issue's ranked list, as placing judges it. */
export type ListedName = {
  key: string;
  /** Hidden concepts take no place on the page: they cover no other name. */
  visible: boolean;
  /** Issues besides this one that mark the name (heading, bold, quotes…): the writer's name for an idea of its own. */
  namedElsewhere: number;
};

/** Words that join a name's words without adding to what it names. */
const JOINING = new Set(["a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "at", "by", "vs"]);

/** The words that carry a key's meaning, in order (a tension's: both sides'). */
function wordsOf(key: string): string[] {
  return key.split(" ").filter((w) => !JOINING.has(w));
}

/**
 * Does `outer` name a kind of what `inner` names: every word of `inner` and more, ending in the
 * same head ("tight feedback loops", "healthy forcing functions")? A compound names what its head
 * names: "roadmap hygiene" is hygiene, "Scrum Master" a person, not a roadmap or Scrum.
 */
function qualifies(inner: string[], outer: string[]): boolean {
  return outer.length > inner.length && outer.at(-1) === inner.at(-1) && inner.every((w) => outer.includes(w));
}

/**
 * Is `lower` another name of the idea `higher` names in this issue? A name that qualifies a
 * listed name ("tight feedback loops" below "feedback loops") says that idea with a modifier; a
 * name holding every word of one side of a listed tension ("acute issues" below "acute vs.
 * chronic") is that side of it. Either is the same idea only where the writer never marks it as
 * a name anywhere else: a name the writer marks in other issues ("technical debt", "Modern
 * Agile") is an idea of its own, whatever words it shares.
 */
export function sameIdea(higher: ListedName, lower: ListedName): boolean {
  if (lower.namedElsewhere > 0 || isTensionKey(lower.key)) return false;
  const lowerWords = wordsOf(lower.key);
  if (!isTensionKey(higher.key)) return qualifies(wordsOf(higher.key), lowerWords);
  return higher.key.split(" vs ").some((side) => wordsOf(side).every((w) => lowerWords.includes(w)));
}

/**
 * The order of an issue's ranked names with each idea in one listed place: walking down the
 * list, a name that is the same idea as a visible name already placed moves to just below the
 * `places` listed ones; the rest keep their order. Returns the new order as indices.
 */
export function placeIdeasOnce(names: ListedName[], places: number): number[] {
  const placed: number[] = [];
  const moved: number[] = [];
  let listed = 0;
  let i = 0;
  for (; i < names.length && listed < places; i++) {
    const name = names[i]!;
    if (placed.some((p) => names[p]!.visible && sameIdea(names[p]!, name))) {
      moved.push(i);
      continue;
    }
    placed.push(i);
    if (name.visible) listed++;
  }
  const order = [...placed, ...moved];
  for (; i < names.length; i++) order.push(i);
  return order;
}

/**
 * Reorders one issue's scored concepts (rankIssueUses's result, most central first) in place so
 * that each idea takes one place among those the issue page lists. `id` is a concept's index in
 * `live`, or -1 - i for the issue's own candidate i (a name of this issue alone).
 */
export function listIdeasOnce<T extends { id: number }>(
  names: Names,
  issueId: number,
  own: readonly { key: string }[],
  scored: T[],
): void {
  const listed = scored.map((s): ListedName => {
    if (s.id < 0) return { key: own[-1 - s.id]!.key, visible: true, namedElsewhere: 0 };
    const c = names.live[s.id]!;
    const marksHere = names.markedIn(s.id, issueId).some((m) => m !== "title" && m !== "slogan") ? 1 : 0;
    return { key: c.root, visible: !c.group.hidden, namedElsewhere: names.groupMarksOf[s.id]! - marksHere };
  });
  const order = placeIdeasOnce(listed, LIMITS.listedPlaces);
  if (order.every((o, r) => o === r)) return;
  if (process.env.DEBUG_12AP) for (const [r, o] of order.entries()) if (r > o) console.error(`12ap ${issueId} moved #${o + 1} ${listed[o]!.key} (elsewhere ${listed[o]!.namedElsewhere})`);
  const before = [...scored];
  for (const [r, o] of order.entries()) scored[r] = before[o]!;
}
