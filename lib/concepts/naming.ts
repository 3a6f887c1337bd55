/**
 * The last part of step 7: each concept as the site shows it. Its name is how the writing most
 * often spells it (a capital kept only where it is a proper name or an acronym; an acronym shown
 * with its expansion; a tension as "X vs. Y"), unless the author renamed it. Its kind says what
 * the writing does with it: a contrast is a tension, a name it practises or draws as a model is a
 * framework, one it only uses as a tool or a workplace is "other", and the rest are terms.
 */
import type { ConceptKind } from "@/db/schema";
import { withoutInvisible } from "@/lib/text/invisible";
import { abbreviates, conceptKey, isAcronymShape, isTensionKey } from "./keys";
import type { Local, Placed } from "./mentions";
import type { UseCues } from "./words-around";
import { hasVerbSense, isOnlyModifier, isOnlyPersonWord } from "./reference";
import { TITLE_BLOCK_ID } from "./reading";
import type { Chosen } from "./select";
import { mostCommon, type Proposal } from "./tallies";
import type { ExtractedConcept, IssueText, Mention } from "./types";

/** A written form as a name shows it: no emphasis marks, no invisible characters, single spaces (12l). */
function visibleForm(s: string): string {
  return withoutInvisible(s).replace(/\*+/g, "").replace(/\s+/g, " ").trim();
}

/** The name the most common written form gives: case-folded unless the writing capitalises it as a name. */
function displayName(surfaces: Map<string, number>, capsShare: number, acronym: boolean): string {
  // Merge forms that differ only in case; keep the capitalised one only for proper names.
  const byLower = new Map<string, Map<string, number>>();
  for (const [s, n] of surfaces) {
    const clean = visibleForm(s);
    const lower = clean.toLowerCase();
    let m = byLower.get(lower);
    if (!m) byLower.set(lower, (m = new Map()));
    m.set(clean, (m.get(clean) ?? 0) + n);
  }
  const totals = new Map<string, number>();
  for (const [lower, forms] of byLower)
    totals.set(
      lower,
      [...forms.values()].reduce((a, b) => a + b, 0),
    );
  const lower = mostCommon(totals) ?? "";
  const forms = byLower.get(lower) ?? new Map<string, number>();
  const written = mostCommon(forms) ?? lower;
  if (acronym || capsShare >= SHOWN_CAPS_SHARE) return written;
  // A capital only at the start of a sentence isn't part of the name; acronyms inside keep theirs.
  return written
    .split(" ")
    .map((w) => (isAcronymShape(w) || /[A-Z].*[A-Z]/.test(w) ? w : w.toLowerCase()))
    .join(" ");
}

/** A concept's other written forms: case-insensitively distinct from its name and from each other. */
function aliasesOf(name: string, surfaces: Iterable<string>): string[] {
  const aliasSet = new Map<string, string>();
  for (const s of surfaces) {
    const clean = visibleForm(s);
    if (!clean || clean.toLowerCase() === name.toLowerCase()) continue;
    if (!aliasSet.has(clean.toLowerCase())) aliasSet.set(clean.toLowerCase(), clean);
  }
  return [...aliasSet.values()].sort((a, b) => a.localeCompare(b)).slice(0, 24);
}

function yearOf(date: Date | null): string | null {
  return date ? String(date.getUTCFullYear()) : null;
}

/** Mentions by year, the date of the earliest issue with one, and how many issues they are in. */
export function yearsOf(
  issueById: Map<number, IssueText>,
  ms: Mention[],
): { countsByYear: Record<string, number>; firstSeenAt: Date | null; issueCount: number } {
  const countsByYear: Record<string, number> = {};
  let firstSeenAt: Date | null = null;
  const issues = new Set<number>();
  // Mentions come an issue at a time: an issue's year and date are looked at once a run of its mentions.
  let lastId = Number.NaN;
  let y: string | null = null;
  for (const m of ms) {
    if (m.issueId !== lastId) {
      lastId = m.issueId;
      issues.add(lastId);
      const issue = issueById.get(m.issueId)!;
      y = yearOf(issue.publishedAt);
      if (issue.publishedAt && (!firstSeenAt || issue.publishedAt < firstSeenAt)) firstSeenAt = issue.publishedAt;
    }
    if (y) countsByYear[y] = (countsByYear[y] ?? 0) + 1;
  }
  return { countsByYear, firstSeenAt, issueCount: issues.size };
}

/** The share of a concept's uses an abbreviation must have to be one of its ordinary names *(12u)*. */
const ABBREVIATION_SHARE = 1 / 3;

/**
 * An abbreviation that is one of the writer's ordinary names for a concept's phrase *(12u)*: written in
 * capitals, its letters the initials of the phrase, and at least a third of the uses ("WIP", 12 of 29
 * beside "work in progress"), so the concept is an acronym shown with its expansion, as one the text pairs
 * with its phrase ("annual recurring revenue (ARR)") is. One the phrase introduces and the text hardly uses
 * ("Cost of Delay (COD)", 2 of 19) is an aside. Null when the candidate step already paired them.
 */
function writtenAbbreviation(c: Chosen, surfaces: Map<string, number>): string | null {
  if (c.group.acronyms.size > 0) return null;
  const phrases = [...c.group.keys].filter((k) => k.includes(" "));
  const abbreviations = new Map<string, number>();
  let spelled = 0;
  for (const [s, n] of surfaces) {
    const k = conceptKey(s);
    if (isAcronymShape(s) && phrases.some((p) => abbreviates(s, p)))
      abbreviations.set(s.replace(/s$/, ""), (abbreviations.get(s.replace(/s$/, "")) ?? 0) + n);
    else if (phrases.includes(k)) spelled += n;
  }
  const abbreviated = [...abbreviations.values()].reduce((a, b) => a + b, 0);
  const share = abbreviated / Math.max(1, abbreviated + spelled);
  return spelled > 0 && share >= ABBREVIATION_SHARE ? (mostCommon(abbreviations) ?? null) : null;
}

/** A corpus concept's name, unless the author gave one: as the writing spells it most often. */
function nameOf(
  c: Chosen,
  surfaces: Map<string, number>,
  capsShare: number,
  acronymSurface: Map<string, string>,
  abbreviation: string | null,
): string {
  const isAcronym = c.group.acronyms.size > 0;
  const key = c.root;
  let name = c.group.name;
  if (!name) {
    if (isTensionKey(key)) {
      const written =
        mostCommon(new Map([...c.group.aliasSurfaces].filter(([s]) => /\b(vs\.?|versus)\s/i.test(s)))) ??
        mostCommon(surfaces) ??
        key;
      name = written.replace(/\s+versus\s+/i, " vs. ").replace(/\s+vs\s+/i, " vs. ");
      name = displayName(new Map([[name, 1]]), capsShare, false);
    } else if (isAcronym) {
      const acronym = [...c.group.acronyms].map((a) => acronymSurface.get(a) ?? a.toUpperCase())[0]!;
      const expansionSurfaces = new Map(
        [...c.group.aliasSurfaces].filter(([s]) => !isAcronymShape(s) && c.group.keys.has(conceptKey(s))),
      );
      const expansion = mostCommon(expansionSurfaces);
      name = expansion ? `${displayName(expansionSurfaces, capsShare, false)} (${acronym})` : acronym;
    } else if (abbreviation) {
      const expansionSurfaces = new Map(
        [...surfaces].filter(([s]) => !isAcronymShape(s) && c.group.keys.has(conceptKey(s)) && s.includes(" ")),
      );
      name = `${displayName(expansionSurfaces, capsShare, false)} (${abbreviation})`;
    } else {
      name = c.group.proper ? c.root : displayName(surfaces, capsShare, false);
    }
  }
  return visibleForm(name);
}

/**
 * Heads that name what one falls into, observes or plays rather than a model one applies: "cognitive
 * biases", "platform trap", "flywheel effect", "health metrics", "bartending game" are ideas (terms),
 * though the candidate step marks them like "Kano Model" or "cost of delay framework" *(12i)*.
 */
const PHENOMENA = new Set(["bias", "trap", "fallacy", "paradox", "effect", "law", "heuristic", "metric", "game"]);

/**
 * Heads of artefacts one draws *(12q)*: "story map", "lean canvas", "driver diagram", "Iron Triangle" name a technique even
 * when written in lower case. Other kind words ("model", "framework", "loop", "principle", "method")
 * head a name only when the writing capitalises it: in lower case they describe a kind of model by its
 * modifier ("growth model", "decision framework", "feedback loop", "business model").
 */
const DRAWN_ARTEFACTS = new Set(["map", "diagram", "canvas", "matrix", "triangle", "pyramid", "quadrant"]);

/**
 * Heads that say a name is a way of working or a body of ideas *(12u)*: a capitalised name ending in one
 * ("Toyota Production System", "Extreme Programming", "Theory of Constraints") names a method one can look
 * up, as "Kano Model" names a model. The head of an English compound says what kind of thing it is.
 */
const METHOD_HEADS = new Set(["theory", "system", "programming", "thinking", "method", "methodology"]);

/**
 * Heads that say a name is a piece of work one reads, attends or runs rather than an idea *(12u)*: a
 * document, a publication, an event or an undertaking ("Scrum Guide", "North Star Playbook", "the Phoenix
 * Project"); written after a name, they say the same of it ("the Velvet Summit conference"). Not "event":
 * a method's meetings are its events too ("the Daily Scrum event").
 */
const WORK_HEADS = new Set([
  "guide",
  "playbook",
  "handbook",
  "manual",
  "report",
  "study",
  "survey",
  "book",
  "paper",
  "podcast",
  "newsletter",
  "conference",
  "summit",
  "meetup",
  "project",
]);

/** A name's head noun: its last word, or in "X of Y" the word before "of" ("theory" of "theory of constraint"). */
function headOf(key: string): string {
  const words = key.split(" ");
  const of = words.indexOf("of");
  return of > 0 ? words[of - 1]! : words.at(-1)!;
}

/**
 * A code name of an undertaking *(12u)*: "Project" before a person's name or a word English lacks
 * ("Project Aristotle"), where "Project Management" is a discipline.
 */
function isCodeName(key: string): boolean {
  const words = key.split(" ");
  return words.length === 2 && words[0] === "project" && isOnlyPersonWord(words[1]!);
}

/** A name of a piece of work by its head, as a code name, or by the work noun that follows one of its uses *(12u)*. */
function namesAWork(key: string, ms: Mention[], textAt: TextAt): boolean {
  if (WORK_HEADS.has(headOf(key)) || isCodeName(key)) return true;
  return ms.some((m) => {
    const text = textAt(m);
    const next = text === null ? undefined : /^\s+(\p{Ll}+)/u.exec(text.slice(m.end))?.[1];
    return next !== undefined && WORK_HEADS.has(next);
  });
}

/**
 * A model named by its steps *(12u)*: a chain of three or more verbs joined by hyphens before its head
 * ("build-measure-learn loop", "observe-orient-decide-act cycle") names one cycle even in lower case, where
 * "growth model" describes a kind. A chain with a word no verb ("one-size-fits-all", "end-to-end") is a
 * modifier.
 */
export function namedBySteps(surfaces: Iterable<string>): boolean {
  return [...surfaces].some((s) => {
    const words = s.trim().split(/\s+/);
    if (words.length < 2) return false;
    const steps = words.at(-2)!.toLowerCase().split("-");
    return steps.length >= 3 && steps.every((w) => /^\p{L}+$/u.test(w) && hasVerbSense(w));
  });
}

/** Where a use of a concept sits: its block's text, or null for a title. */
export type TextAt = (m: Mention) => string | null;

/** A line in title case ("Safety, Discomfort, and the Art of…"): most of its longer words capitalised. */
function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'\u2019-]{3,}/gu) ?? [];
  return words.length >= 3 && words.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.7 * words.length;
}

/**
 * Written as a name *(12q)*: some use is capitalised where English wouldn't capitalise it anyway, in
 * mid-sentence ("see the Cynefin framework", "cadences of Scrum") or inside the name ("Kano Model"),
 * not at a sentence's or a line's start and not in a line written in title case ("Safety, Discomfort,
 * and…"), where every word is capitalised.
 */
export function writtenAsName(ms: Mention[], textAt: TextAt): boolean {
  return ms.some((m) => {
    // An acronym's capitals stand for words ("optimal WIP"): they don't make it a name *(12i)*.
    if (isAcronymShape(m.surface)) return false;
    const words = m.surface.split(/\s+/);
    if (!/^\p{Lu}/u.test(m.surface) && !words.slice(1).some((w) => /^\p{Lu}/u.test(w))) return false;
    const text = textAt(m);
    if (text === null || isTitleCase(text)) return false;
    // A capital inside counts where the name opens or ends with one ("Kano Model", "traditional Iron
    // Triangle"), not in a modifier between lower-case words ("popular Agile-inspired framework").
    const capital = (w: string) => /^\p{Lu}/u.test(w) && !/^\p{Lu}+s?$/u.test(w);
    if (words.length > 1 && (capital(words.at(-1)!) || (capital(words[0]!) && words.slice(1).some(capital))))
      return true;
    const before = text.slice(0, m.start).trimEnd();
    return /^\p{Lu}/u.test(m.surface) && before.length > 0 && !/[.!?:;\u2022*#>|([\u201c"\u2014\u2013-]$/u.test(before);
  });
}

/**
 * Whether a phrase the candidate step marked as a model ("X framework", "X map", "X principles") names
 * one *(12q)*: not a thing one falls into or plays (a phenomenon, above); not only ever plural ("strategic
 * frameworks", "core principles", "experiment canvases": a class of models, not one); and written as a
 * name, or a drawn artefact.
 */
function namesAModel(key: string, surfaces: Iterable<string>, asName: boolean, oneOfAKind: boolean): boolean {
  const head = key.split(" ").at(-1)!;
  if (PHENOMENA.has(head) || oneOfAKind || picksOneItem(key)) return false;
  const own = [...surfaces].filter((s) => conceptKey(s) === key);
  const singular = own.some(
    (s) =>
      s
        .trim()
        .split(/\s+/)
        .at(-1)!
        .toLowerCase()
        .replace(/[^\p{L}]/gu, "") === head,
  );
  if (!singular) return false;
  return asName || (DRAWN_ARTEFACTS.has(head) && !describedOnly(key)) || namedBySteps(own);
}

/**
 * An ordinal before a model's head picks one item of a numbered list *(12u)*: "the Modern Agile first
 * principle", "the third loop" is a part of a model, not a model of its own.
 */
export function picksOneItem(key: string): boolean {
  return /^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|\d+(?:st|nd|rd|th))$/.test(
    key.split(" ").at(-2) ?? "",
  );
}

/**
 * A drawn artefact its modifier only describes *(12u)*: one word WordNet knows only as an adjective ("a
 * fresh and unique canvas", "a messy diagram") says what one drawing is like; a noun or a name before the
 * head says which technique it is ("story map", "lean canvas", "driver diagram").
 */
export function describedOnly(key: string): boolean {
  const words = key.split(" ");
  return words.length === 2 && isOnlyModifier(words[0]!);
}

/**
 * Words before a phrase that make it one or some of a kind *(12q)*: "a", "an"; and *(12u)* the other
 * indefinite determiners ("some", "any", "another"), quantifiers of a plural ("most", "many", "all",
 * "several", "other") and "own" ("their own agile methodology": one they made).
 */
const INDEFINITE_BEFORE = /\b(?:a|an|some|any|another|own|most|many|all|several|other)\s+$/i;

/**
 * Every use of it in the text follows an indefinite word (above): "a SaaS model", "an Agile scaling
 * framework", "a funny diagram", "some JavaScript framework", "most Agile methodologies" are one or some of a
 * kind of model, where a named one is "the Cynefin framework" or bare ("see Kano Model"). Titles don't count.
 */
export function oneOfAKind(ms: Mention[], textAt: TextAt): boolean {
  let uses = 0;
  for (const m of ms) {
    const text = textAt(m);
    if (text === null) continue;
    uses++;
    if (!INDEFINITE_BEFORE.test(text.slice(Math.max(0, m.start - 9), m.start))) return false;
  }
  return uses > 0;
}

/** What the writing does with a corpus concept: contrasts it, practises or draws it, uses it as a tool, or names it. */
function kindOf(
  c: Chosen,
  proposals: Map<string, Proposal>,
  modelNames: Set<string>,
  surfaces: Map<string, number>,
  capsShare: number,
  cues: UseCues,
  asName: boolean,
  instance: boolean,
): { kind: ConceptKind; named: boolean; practised: boolean } {
  const isAcronym = c.group.acronyms.size > 0;
  const key = c.root;
  // An acronym the writing never spells out ("MVP", "NPS", "OKRs", "UX") is written in capitals because
  // its letters stand for words, not because it is a proper name: using it ("build an MVP") is no practice
  // of a named method, so it is a term unless named as a model *(12i)*.
  const shapedAsAcronym = isAcronymShape(c.group.proper ? c.root : (mostCommon(surfaces) ?? ""));
  const proper = c.group.proper || capsShare >= 0.6;
  // Named as a model here, or the name of one elsewhere ("Kanban" of "Kanban Method").
  // ("road map" is "roadmap" spelled apart, not a kind of map.)
  const marked = [...c.group.keys].filter(
    (k) => (proposals.get(k)?.sources.get("framework")?.size ?? 0) > 0 && !c.group.keys.has(k.replace(/ /g, "")),
  );
  const modelled =
    marked.some((k) => namesAModel(k, surfaces.keys(), asName, instance)) ||
    (proper && asName && [...c.group.keys].some((k) => modelNames.has(k)));
  // A phrase marked as a model that names none (only ever plural, a phenomenon, a kind of model in lower
  // case) is no framework by practice cues either: "Internal Feedback Loops" practised is still a class *(12q)*.
  const refused = !modelled && marked.length > 0;
  const { tool, method } = cues;
  // A one-word name the text uses as a firm or a tool and never practises is the firm, though "X Model"
  // names a model elsewhere and joins it: "Spotify" ("a company like Spotify", "Spotify's engineering team")
  // is the company of the "Spotify Model", where "Kanban" of "Kanban Method" is practised *(12u)*.
  // (Every key is the name or the name before a word: "cost of delay", keyed "cod", is a phrase of English.)
  const namesAFirm =
    proper && [...c.group.keys].every((k) => k.split(" ")[0] === key) && !shapedAsAcronym && tool >= 2 && method === 0;
  // A name the text uses as a tool or a workplace ("on Slack", "using Trello", "Jira tickets", "at
  // Pendo") more often than it practises it names a thing, not an idea (one stray cue, "was Google
  // thinking", doesn't make a company a method); one it practises ("doing Scrum", "a Scrum coach") or that
  // names a model ("Kanban" of "Kanban Method") is a framework. Acronyms (B2B, OKRs) are ideas, and so
  // is a phrase of English words: "use Cost of Delay" uses a practice, not a product.
  const kind: ConceptKind = isTensionKey(key)
    ? "tension"
    : isAcronym
      ? "acronym"
      : modelled && !namesAFirm
        ? "framework"
        : namesAFirm ||
            (proper &&
              ![...c.group.keys].some((k) => k.includes(" ")) &&
              !shapedAsAcronym &&
              tool >= 2 &&
              method < tool)
          ? "other"
          : proper && asName && !refused && !shapedAsAcronym && method > 0
            ? "framework"
            : "term";
  // A term that is a proper name of several words, and no phrase marked as a model that names none: its head
  // may say what it names *(12u)*; nearly always capitalised, it may be a named method the text neither marks
  // nor practises ("Modern Agile"), told by the names listed beside it *(12t)*.
  const named = kind === "term" && key.includes(" ") && !refused && !shapedAsAcronym;
  // A term the text practises at least as often as it uses it as a tool ("mastered design thinking", "a
  // design thinking approach") may be a method written in lower case, told by being listed as a name beside
  // one *(12u)*.
  const practised = kind === "term" && !refused && !shapedAsAcronym && method > 0 && method >= tool;
  return { kind, named, practised };
}

/**
 * How often a name must be capitalised (of its uses as a noun phrase) for the site to show it so, and for its
 * head to say what it names *(12u)*: "Theory of Constraints" is capitalised in 1 of its 2 noun-phrase uses.
 */
const SHOWN_CAPS_SHARE = 0.5;

/**
 * What a proper name's head says it names *(12u)*: a piece of work (`other`: "Scrum Guide", "Project
 * Aristotle", nearly always capitalised as a title is) or a way of working (a framework: "Toyota Production
 * System", capitalised as the site shows it and written as a name), or null when the head says neither.
 */
function kindByHead(
  key: string,
  ms: Mention[],
  textAt: TextAt,
  capsShare: number,
  asName: boolean,
): ConceptKind | null {
  if (capsShare >= NAMED_CAPS_SHARE && namesAWork(key, ms, textAt)) return "other";
  if (capsShare >= SHOWN_CAPS_SHARE && asName && METHOD_HEADS.has(headOf(key))) return "framework";
  return null;
}

/**
 * How nearly always a name of several words must be capitalised (of its uses as a noun phrase) to be judged
 * by the names listed beside it *(12t)*: "Modern Agile" is written so in 19 of its 21 noun-phrase uses, where a
 * phrase capitalised only in headings and lists ("design thinking", mostly lower case) is English (a method
 * only if practised, *(12u)*).
 */
const NAMED_CAPS_SHARE = 0.8;

/** A separator of a list's items after a name: ", ", "; ", "/", "&", "and", "or", ", and", "(or" (and "the"). */
const LIST_AFTER = /^\s*(?:,\s*(?:and|or)\s+|[,;/&]|\band\b|\bor\b|\(\s*or\b)\s*(?:the\s+)?/i;
/** The same before a name. */
const LIST_BEFORE = /(?:,\s*(?:and|or)|[,;/&]|\band|\bor|\(\s*or)\s*(?:the\s+)?$/i;
/** Where a list's item ends: punctuation, a line's end, or "and"/"or" between words. */
const ITEM_END = /[,;()/\n.:!?\u2014\u2013]|\s(?:and|or)\s/;
/** A capitalised name, small words allowed inside ("Theory of Constraints"). */
const NAME_WORDS = String.raw`\p{Lu}[\p{L}\p{N}'\u2019-]*(?:\s+(?:(?:of|for|the|and|to|in)\s+)?\p{Lu}[\p{L}\p{N}'\u2019-]*)*`;
const NAME_OPENING = new RegExp(`^${NAME_WORDS}`, "u");
const NAME_CLOSING = new RegExp(`${NAME_WORDS}$`, "u");

/** The names listed next to a use: the capitalised run of the item after it and of the item before it. */
function listNeighbours(text: string, start: number, end: number): string[] {
  const names: string[] = [];
  const rest = text.slice(end);
  const after = LIST_AFTER.exec(rest);
  if (after) {
    const item = rest.slice(after[0].length).split(ITEM_END)[0]!.trim();
    const name = NAME_OPENING.exec(item)?.[0];
    if (name) names.push(name);
  }
  const head = text.slice(0, start);
  const before = LIST_BEFORE.exec(head);
  if (before) {
    const item = head.slice(0, before.index).split(ITEM_END).at(-1)!.trim();
    const name = NAME_CLOSING.exec(item)?.[0];
    if (name) names.push(name);
  }
  return names;
}

/** A use written as a name, every word capitalised ("Design Thinking" in a list of methods), not as an acronym *(12u)*. */
function writtenCapitalised(m: Mention): boolean {
  return !isAcronymShape(m.surface) && m.surface.split(/\s+/).every((w) => /^\p{Lu}/u.test(w));
}

/**
 * Listed beside a named framework *(12t)*: items of one list are things of one kind, so a proper name the
 * text writes in a list with a framework it names ("Agile, Modern Agile, Lean…", "Organize for Complexity,
 * Impact Mapping, Cynefin") is a method too, though the text never marks it as one or practises it.
 * `frameworks` holds the frameworks' keys, with a kind word dropped ("cynefin" of "cynefin framework").
 */
export function listedBesideFramework(
  ms: Mention[],
  textAt: TextAt,
  frameworks: Set<string>,
  own: Set<string>,
): boolean {
  return ms.some((m) => {
    const text = textAt(m);
    if (text === null) return false;
    return listNeighbours(text, m.start, m.end).some((name) => {
      const key = conceptKey(name);
      return frameworks.has(key) && !own.has(key);
    });
  });
}

/** Keys of the frameworks named, and the same without a kind word ("Cynefin" of "Cynefin framework") *(12t)*. */
function frameworkKeys(concepts: ExtractedConcept[]): Set<string> {
  const keys = new Set<string>();
  for (const c of concepts) {
    if (c.kind !== "framework") continue;
    for (const k of c.memberKeys) {
      keys.add(k);
      const words = k.split(" ");
      if (words.length > 1 && KIND_WORDS.has(words.at(-1)!)) keys.add(words.slice(0, -1).join(" "));
    }
  }
  return keys;
}

/** Words that say what a named framework is, dropped to find its name alone ("Kanban Method" → "Kanban"). */
const KIND_WORDS = new Set(["framework", "model", "method", "technique", "methodology"]);

/** Every concept with mentions, as stored: the corpus's concepts (in `live` order), then those of one issue alone. */
export function nameConcepts(
  ordered: IssueText[],
  live: Chosen[],
  placed: Placed,
  proposals: Map<string, Proposal>,
  acronymSurface: Map<string, string>,
): ExtractedConcept[] {
  const { mentions, cues, passages, issueRanks, localList } = placed;
  const modelNames = new Set<string>();
  for (const [k, p] of proposals) {
    const t = k.split(" ");
    if (t.length === 2 && (p.sources.get("framework")?.size ?? 0) > 0 && p.capsCount > 0) modelNames.add(t[0]!);
  }
  const issueById = new Map(ordered.map((i) => [i.id, i]));
  const blockTexts = new Map<number, Map<string, string>>();
  const textAt: TextAt = (m) => {
    if (m.blockId === TITLE_BLOCK_ID) return null;
    let texts = blockTexts.get(m.issueId);
    if (!texts)
      blockTexts.set(m.issueId, (texts = new Map(issueById.get(m.issueId)!.blocks.map((b) => [b.id, b.text]))));
    return texts.get(m.blockId) ?? null;
  };
  const concepts: ExtractedConcept[] = [];
  // Named terms to judge by the names listed beside them, once every framework is known *(12t)*, and
  // practised ones by their uses written as names *(12u)*.
  const listedTerms: { concept: ExtractedConcept; uses: Mention[] }[] = [];
  live.forEach((c, index) => {
    const ms = mentions[index]!;
    if (ms.length === 0) return;
    const issuesOf = issueRanks[index]!.sort((a, b) => a.issueId - b.issueId);
    const { countsByYear, firstSeenAt, issueCount } = yearsOf(issueById, ms);
    const surfaces = new Map<string, number>();
    for (const m of ms) surfaces.set(m.surface, (surfaces.get(m.surface) ?? 0) + 1);
    let phrase = 0;
    let caps = 0;
    for (const k of c.group.keys) {
      phrase += proposals.get(k)?.phraseCount ?? 0;
      caps += proposals.get(k)?.capsCount ?? 0;
    }
    const capsShare = phrase > 0 ? caps / phrase : 0;
    const abbreviation = writtenAbbreviation(c, surfaces);
    const name = nameOf(c, surfaces, capsShare, acronymSurface, abbreviation);
    const asName = writtenAsName(ms, textAt);
    const instance = oneOfAKind(ms, textAt);
    const judged = abbreviation
      ? { kind: "acronym" as const, named: false, practised: false }
      : kindOf(c, proposals, modelNames, surfaces, capsShare, cues[index]!, asName, instance);
    const byHead = judged.named && !instance ? kindByHead(c.root, ms, textAt, capsShare, asName) : null;
    const kind = byHead ?? judged.kind;
    const namedTerm = !byHead && judged.named && capsShare >= NAMED_CAPS_SHARE;
    const score = issuesOf.reduce((s, r) => s + r.score, 0);
    const concept: ExtractedConcept = {
      key: c.root,
      memberKeys: [...c.group.keys].sort(),
      name,
      kind,
      aliases: aliasesOf(name, [
        ...c.group.aliasSurfaces.keys(),
        ...surfaces.keys(),
        ...[...c.group.acronyms].map((a) => acronymSurface.get(a) ?? a),
      ]),
      hidden: c.group.hidden,
      score: Math.round(score * 1000) / 1000,
      mentions: ms,
      firstSeenAt,
      countsByYear,
      issueCount,
      definition: passages[index]!.result(),
      issues: issuesOf,
    };
    concepts.push(concept);
    if (namedTerm) listedTerms.push({ concept, uses: ms });
    // A name shown capitalised but not nearly always so, or a practised term, is judged by its uses written
    // as names alone: "Lean Product Development" (2 of 3) in "Agile, Lean, Lean Product Development, Lean UX…" *(12u)*.
    else if ((judged.practised || (judged.named && capsShare >= SHOWN_CAPS_SHARE)) && !byHead)
      listedTerms.push({ concept, uses: ms.filter(writtenCapitalised) });
  });
  for (const l of localList) {
    const concept = localConcept(issueById, l, textAt);
    if (concept) concepts.push(concept);
  }
  const frameworks = frameworkKeys(concepts);
  for (const { concept, uses } of listedTerms)
    if (listedBesideFramework(uses, textAt, frameworks, new Set(concept.memberKeys))) concept.kind = "framework";
  return concepts;
}

/** A concept of one issue alone (or of a few, by key), named as the issues write it; null without mentions. */
function localConcept(issueById: Map<number, IssueText>, l: Local, textAt: TextAt): ExtractedConcept | null {
  if (l.mentions.length === 0) return null;
  const issuesOf = l.issues.sort((a, b) => a.issueId - b.issueId);
  const { countsByYear, firstSeenAt, issueCount } = yearsOf(issueById, l.mentions);
  // Capitalised in mid-sentence: a proper name, written as such.
  const bodySurfaces = [...l.surfaces].filter(([s]) => s.includes(" ") || s.length > 1);
  const capsShare =
    l.mentions.filter((m) => m.blockId !== TITLE_BLOCK_ID && /^[A-Z]/.test(m.surface)).length /
    Math.max(1, l.mentions.length);
  const name = displayName(new Map(bodySurfaces), capsShare, false);
  return {
    key: l.key,
    memberKeys: [l.key],
    name,
    kind: localKind(l, capsShare, textAt),
    aliases: aliasesOf(name, l.surfaces.keys()),
    hidden: false,
    score: Math.round(issuesOf.reduce((s, r) => s + r.score, 0) * 1000) / 1000,
    mentions: l.mentions,
    firstSeenAt,
    countsByYear,
    issueCount,
    definition: l.passages.result(),
    issues: issuesOf,
  };
}

/**
 * The kind of a concept of one issue alone, by the same tests as a corpus concept's: a marked model names one
 * only as a name or a drawn artefact *(12q)*; a proper name's head may say what it names *(12u)*.
 */
function localKind(l: Local, capsShare: number, textAt: TextAt): ConceptKind {
  const asName = writtenAsName(l.mentions, textAt);
  const instance = oneOfAKind(l.mentions, textAt);
  if (l.sources.has("framework")) return namesAModel(l.key, l.surfaces.keys(), asName, instance) ? "framework" : "term";
  if (!l.key.includes(" ") || instance) return "term";
  return kindByHead(l.key, l.mentions, textAt, capsShare, asName) ?? "term";
}
