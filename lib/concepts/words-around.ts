/**
 * The words around a use of a name, and what they say it is: a tool or a workplace ("on Slack",
 * "Jira tickets"), a firm ("companies like Google", "Google's"), or a practice ("doing Scrum"). Read
 * when counting (so grouping can keep a firm apart from a model named after it) and when placing
 * mentions (naming.ts's kinds). The word just before or after a span is found by scanning
 * characters: what `/([A-Za-z]+)\W*$/` and `/^\W*([A-Za-z]+)/` capture in the 24 characters on either
 * side, without a regular expression run at every use of every concept in a pass.
 */

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `\w` without the `u` flag: ASCII letters, digits and the underscore. */
const isWordChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

/**
 * What `/([A-Za-z]+)\W*$/.exec(text.slice(Math.max(0, start - reach), start))?.[1]` is: the last
 * run of letters before `start`, if only non-word characters follow it up to `start`.
 */
export function wordBefore(text: string, start: number, reach = 24): string | undefined {
  const from = Math.max(0, start - reach);
  let end = start;
  while (end > from && !isWordChar(text.charCodeAt(end - 1))) end--;
  let begin = end;
  while (begin > from && isLetter(text.charCodeAt(begin - 1))) begin--;
  return begin < end ? text.slice(begin, end) : undefined;
}

/** What `/^\W*([A-Za-z]+)/.exec(text.slice(end, end + reach))?.[1]` is: the first run of letters after `end`, past non-word characters only. */
export function wordAfter(text: string, end: number, reach = 24): string | undefined {
  const to = Math.min(text.length, end + reach);
  let begin = end;
  while (begin < to && !isWordChar(text.charCodeAt(begin))) begin++;
  let stop = begin;
  while (stop < to && isLetter(text.charCodeAt(stop))) stop++;
  return begin < stop ? text.slice(begin, stop) : undefined;
}

/** Uses of a name as a tool or a workplace ("on Slack", "Jira tickets"), and as a practice ("doing Scrum", "a Scrum coach"). */
export type UseCues = { tool: number; method: number };

// The words around a name's uses that say what it is (see kindOf in naming.ts).
const TOOL_BEFORE = new Set([
  "at",
  "on",
  "via",
  "into",
  "use",
  "using",
  "used",
  "uses",
  "install",
  "installed",
  "open",
  "opened",
]);
const TOOL_AFTER = new Set([
  "ticket",
  "tickets",
  "channel",
  "channels",
  "group",
  "message",
  "messages",
  "doc",
  "docs",
  "card",
  "cards",
  "integration",
  "plugin",
  "account",
  "workspace",
  "app",
  "employee",
  "employees",
  "inc",
]);
const METHOD_BEFORE = new Set([
  "doing",
  "do",
  "does",
  "did",
  "try",
  "trying",
  "tried",
  "practice",
  "practicing",
  "practising",
  "adopt",
  "adopting",
  "adopted",
  "implement",
  "implementing",
  "implemented",
  "apply",
  "applying",
  "applied",
  "scaling",
  "learn",
  "learning",
  "teach",
  "teaching",
]);
const METHOD_AFTER = new Set([
  "master",
  "coach",
  "practice",
  "practitioner",
  "principle",
  "method",
  "framework",
  "ceremony",
  "adoption",
  "transformation",
  "mindset",
  "value",
  "values",
  "way",
  "approach",
  "thinking",
]);

/**
 * The words around a name that say it is an organisation, a thing like a tool or a workplace rather
 * than an idea: its staff or internal life after it ("Google engineers", "Acme politics"),
 * "internal Google…", "companies like Google", "tech companies (not just Google)", and a possessive
 * ("Google's left bias"), which a firm takes and a practice rarely does.
 */
const ORG_AFTER = new Set([
  "engineer",
  "engineers",
  "pm",
  "pms",
  "staff",
  "politics",
  "office",
  "offices",
  "headquarters",
  "ceo",
  "founder",
  "founders",
  "fanboy",
  "fanboys",
]);
const ORG_BEFORE =
  /\b(?:internal|inside|joined|joining)\s*$|\b(?:compan(?:y|ies)|firms?|organi[sz]ations?|giants?|startups?)\s*\(?\s*(?:(?:not just|like|such as|including|as)\s*)?$/i;

const AUXILIARIES = new Set([
  "was",
  "is",
  "are",
  "were",
  "be",
  "been",
  "being",
  "am",
  "has",
  "have",
  "had",
  "will",
  "would",
  "could",
  "should",
  "can",
  "might",
  "must",
]);
const DO_FORMS = new Set(["do", "does", "did"]);

/** Whether the "do", "does" or "did" just before `start` opens a question (a sentence's first word, or after "why", "how"…). */
function opensQuestion(text: string, start: number): boolean {
  const head = text.slice(Math.max(0, start - 40), start);
  return (
    /(?:[.!?]\s+|\b(?:why|how|what|when|where|who)\s+)(?:do|does|did)\W*$/i.test(head) ||
    (start <= 40 && /^\W*(?:do|does|did)\W*$/i.test(head))
  );
}

/** Adds the cues of one use of a name (`text.slice(start, end)`) to `counts`. */
export function countUseCues(counts: UseCues, text: string, start: number, end: number): void {
  const before = wordBefore(text, start)?.toLowerCase();
  const after = wordAfter(text, end)?.toLowerCase();
  const surface = text.slice(start, end);
  const organisation =
    (after && ORG_AFTER.has(after)) ||
    ORG_BEFORE.test(text.slice(Math.max(0, start - 40), start)) ||
    /['\u2019]s$/.test(surface) ||
    /^['\u2019]s\b/.test(text.slice(end, end + 3));
  if ((before && TOOL_BEFORE.has(before)) || (after && TOOL_AFTER.has(after)) || organisation) counts.tool++;
  // "Did Google think…", "was Google thinking": the name is the subject of a verb (an auxiliary
  // before it), not a practice one does or a school of thought ("doing Scrum", "Lean thinking").
  // A form of "do" is an auxiliary when it opens a question ("Did Google…?", "Why does Spotify…?").
  if (before && (AUXILIARIES.has(before) || (DO_FORMS.has(before) && opensQuestion(text, start)))) return;
  if ((before && METHOD_BEFORE.has(before)) || (after && METHOD_AFTER.has(after))) counts.method++;
}
