/**
 * What is never a concept: function words, filler, calendar words, generic
 * nouns and modifiers, web boilerplate, and shapes such as URLs, numbers and
 * dates. Statistical filters (lib/concepts/select.ts) catch the rest; these
 * lists hold what no corpus statistic can be trusted to reject.
 */
import lemmatizer from "wink-lemmatizer";
import { keyTokens } from "./keys";
import { GIVEN_NAMES } from "./names";
import { hasModifierSense, inWordNet, isOnlyPersonWord, isThingNoun } from "./reference";

export const STOPWORDS = new Set(
  `a about above after again against all almost also although always am among an and another any anybody anyone anything
  anyway anywhere are aren around as at away back be became because become becomes been before behind being below
  beside besides   between beyond both but by can cannot could couldn did didn do does doesn doing don done
  down during each either else enough even ever every everybody everyone everything everywhere except   for from
  further get gets getting go goes going gone got had hadn has hasn have haven having he her here hers herself him
  himself his how however i if in into is isn it its itself just    let like likely   made make
  makes making  may maybe me might mine   mostly  must my myself near need needs neither never
  nevertheless  no nobody none noone nor not nothing now nowhere of off often on once one ones only onto or 
   otherwise ought our ours ourselves out over  per perhaps please put quite rather really said  say says
  see seem seemed seems seen  shall she should shouldn since so some somebody someone something sometimes
  somewhat somewhere still such than that the their theirs them themselves then there therefore these they  
  this those though through thus till to together too toward towards under until up upon us use used uses using very
  via was wasn   we well were weren what whatever when whenever where whereas wherever whether which while who
  whoever  whom whose why will with within without won would wouldn yet you your yours yourself yourselves
  ll ve re s t d m o e g i.e e.g etc vs via aka
  im ive id youre youve youll youd dont doesnt didnt cant wont isnt arent wasnt werent shouldnt wouldnt couldnt
  thats theres lets whats weve theyre theyve hes shes ill hasnt havent hadnt aint wed theyll itll whos`
    .split(/\s+/)
    .filter(Boolean),
);

/** Conversational filler and interjections. */
export const FILLER = new Set(
  `yeah yep yup yes nope no ok okay um umm uh uhh hmm hm huh oh ah aha wow lol haha hey hi hello thanks thank cheers sure
  right well like so anyway anyways kinda sorta gonna wanna gotta dunno alright whoa oops ugh meh nah yay hooray bye
  please sorry cool awesome nice great damn heck shit crap dear`
    .split(/\s+/)
    .filter(Boolean),
);

const WEEKDAYS = new Set([
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "mon",
  "tue",
  "tues",
  "wed",
  "thu",
  "thur",
  "thurs",
  "fri",
  "sat",
  "sun",
  "weekday",
  "weekend",
  "today",
  "tomorrow",
  "yesterday",
  "tonight",
]);

const MONTHS = new Set([
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

/**
 * Nouns so general that, alone, they name no idea ("thing", "people", "way").
 * They may still head a longer concept ("problem space", "value stream").
 */
export const GENERIC_NOUNS = new Set(
  `thing way lot kind sort type bit piece part point case example time day week month year hour minute second moment
  people person folk guy someone something anything everything nothing place world stuff question answer reason fact
  number amount level area side end start beginning middle situation word post article blog book talk note list step
  hand mind sense matter course deal use need idea problem issue question topic lesson tip trick reader friend others
  one ones way couple half lot lots bunch ton tons set group member company org organization team work job role task
  result effect impact change difference version line front back top bottom today tomorrow life story head eye face
  heart voice door room home house office morning afternoon evening night weekend past future present while rest kind
  manner fashion form instance approach aspect factor element item detail details feature features thingy stuff
  something everyone anyone nobody somebody everybody term terms view
  engineer developer designer manager executive leader employee colleague boss customer user client vendor partner
  tool solution cost benefit context environment practice resource ability skill lack self perspective progress
  respect response reality effort challenge stake concern advantage purpose period
  access direction definition rate shift scale update increase decrease guide target percent`
    .split(/\s+/)
    .filter(Boolean),
);

/** Generic nouns for a body of people: "X team" names the people doing X, not a use of X (grouping.ts, 12ai). */
export const PEOPLE_GROUPS = new Set(["team", "org", "organization", "group", "company", "member"]);

/** Words that name a kind of idea, not an idea: they head named models ("Kanban Method") but alone say nothing. */
export const KIND_WORDS = new Set([
  "framework",
  "model",
  "method",
  "methodology",
  "technique",
  "approach",
  "theory",
  "principle",
  "concept",
  "notion",
]);

/** Modifiers that turn a noun into an everyday phrase rather than a concept ("new way", "good idea"). */
export const GENERIC_MODIFIERS = new Set(
  `good great big small new old other same different many much more most less fewer few several various certain whole
  real true right wrong best better worse worst next last first second third long short high low little large huge
  important interesting simple easy hard difficult common typical specific particular general overall entire own only
  main nice cool awesome amazing crazy weird quick full current recent previous similar actual basic obvious clear bad
  tiny perfect special extra single double possible potential additional such whole lot latest early late key major
  minor top bottom usual ordinary decent fine huge massive enormous quite sure likely unlikely able unable free
  favorite favourite personal random weird strange odd super pretty totally really truly successful effective
  meaningful valuable useful powerful helpful healthy efficient excellent fantastic wonderful terrible horrible
  significant relevant necessary needed proper appropriate reasonable serious critical crucial essential
  one two three four five six seven eight nine ten eleven twelve dozen hundred thousand million some any
  desired related constant integrated given existing overall certain various specific entire typical
  higher lower bigger smaller greater larger longer shorter earlier easier harder simpler broader wider
  multiple numerous countless exact`
    .split(/\s+/)
    .filter(Boolean),
);

/** Nouns that open a phrase about a quantity, a kind or a mention of something else ("word bet", "piece of information"). */
const QUANTITY_NOUNS = new Set(
  `word kind sort type lot bit piece couple bunch ton number amount degree example instance variety series handful
  plenty majority minority rest half percentage portion fraction dozen`
    .split(/\s+/)
    .filter(Boolean),
);

/** Generic modifiers that do specialise a noun in this kind of writing ("small batches", "big picture", "real teams"). */
export const SPECIALISING_MODIFIERS = new Set([
  "small",
  "big",
  "large",
  "high",
  "low",
  "first",
  "single",
  "early",
  "late",
  "long",
  "short",
  "real",
  "hard",
  "soft",
  "open",
  "closed",
  "deep",
  "shallow",
  "fast",
  "slow",
]);

/** Multi-word web and email boilerplate, as concept keys. */
const BOILERPLATE = new Set(
  [
    "table of contents",
    "read more",
    "click here",
    "sign up",
    "subscribe",
    "newsletter",
    "privacy policy",
    "terms of service",
    "all rights reserved",
    "leave a tip",
    "direct link",
    "view in browser",
    "forward to a friend",
    "share this",
    "follow me",
    "original post",
    "originally published",
    "latest tech story",
    "tech story",
    "sponsorship opportunity",
    "email address",
    "this post",
    "this article",
    "blog post",
    "podcast episode",
    "comment section",
    "twitter",
    "linkedin",
    "facebook",
    "medium",
    "free trial",
    "purchase",
    "epub",
    "mobi",
  ].map((s) => keyTokens(s).join(" ")),
);

const URL_SHAPE = /(?:https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|org|net|io|co|dev|ly|app|me)\b)/i;
const EMAIL_SHAPE = /\S+@\S+\.\S+/;
const NUMERIC_SHAPE = /^[\d\s.,:%$€£#/+-]+(?:st|nd|rd|th|s|k|m|x)?$/i;
// A handle (@name) is a person; a hashtag (#NoEstimates) may name a movement, so it is left to the statistics.
const HANDLE_SHAPE = /(^|\s)@\w/;
const FILE_SHAPE = /\.(?:png|jpe?g|gif|svg|pdf|docx?|xlsx?|pptx?|exe|html?|md)\b/i;

const NUMBER_WORDS = new Set([
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "single",
  "double",
]);

/**
 * Does the surface open with a hyphenated compound whose first part is a number or
 * a noun ("one-person teams", "front-line teams")? Such a compound names something
 * even when its parts are generic; "long-term" or "low-level" stay generic.
 */
export function startsWithCompound(surface: string): boolean {
  const m = /^\s*([A-Za-z]+)-[A-Za-z]/.exec(surface);
  if (!m) return false;
  const first = m[1]!.toLowerCase();
  return NUMBER_WORDS.has(first) || !GENERIC_MODIFIERS.has(first);
}

/** Does any hyphenated compound in the surface name something (see startsWithCompound)? */
function isNamingCompound(surface: string): boolean {
  return [...surface.matchAll(/(?:^|\s)(?=[A-Za-z]+-[A-Za-z])/g)].some((m) =>
    startsWithCompound(surface.slice(m.index)),
  );
}

/**
 * Does the surface end inside a hyphenated compound ("jobs-to-be-done", "follow-through")? The
 * hyphens make one word of its parts, so the phrase ends in that word, not in its last part (12ae).
 */
function endsInCompound(surface: string | undefined): boolean {
  return surface !== undefined && /[A-Za-z]-[A-Za-z]+\W*$/.test(surface.trim());
}

/** Shapes that are never concepts, checked on the surface form. */
export function isJunkShape(surface: string): boolean {
  const text = surface.trim();
  if (text.length < 2 || text.length > 80) return true;
  if (URL_SHAPE.test(text) || EMAIL_SHAPE.test(text) || HANDLE_SHAPE.test(text) || FILE_SHAPE.test(text)) return true;
  if (NUMERIC_SHAPE.test(text)) return true;
  if (!/[a-z]/i.test(text)) return true;
  return false;
}

/** A calendar expression: a weekday, a month, a year, or a date such as "March 3rd" or "Q3 2020". */
export function isDateLike(tokens: string[]): boolean {
  if (tokens.length === 0) return false;
  const calendar = tokens.filter(
    (t) =>
      WEEKDAYS.has(t) ||
      MONTHS.has(t) ||
      /^(1[89]|20)\d\d$/.test(t) ||
      /^\d{1,2}(st|nd|rd|th)?$/.test(t) ||
      /^q[1-4]$/.test(t),
  );
  return (
    calendar.length > 0 &&
    calendar.length >= tokens.length - 1 &&
    tokens.some((t) => WEEKDAYS.has(t) || MONTHS.has(t) || /^(1[89]|20)\d\d$/.test(t) || /^q[1-4]$/.test(t))
  );
}

const NEGATED_MODIFIER = /^non-[a-z]+(?:[- ][a-z]+(?:ing|ed))?$/i;
const COUNTS_OF_TIME = new Set(["few", "several", "couple", "a"]);
const TIME_UNITS = new Set("second minute hour day night week weekend month quarter year decade".split(" "));

/**
 * A word for a body of people after a noun: a word WordNet knows as a thing and never as a modifier
 * or a person ("development team", "sales org"), or an acronym it doesn't know ("UX team", "QA
 * org"). The team of a department: which people, not a kind of team (12ai).
 */
function namesWhichPeople(tokens: string[], surface: string): boolean {
  if (tokens.length !== 2 || !PEOPLE_GROUPS.has(tokens[1]!)) return false;
  const modifier = tokens[0]!;
  const acronym = /^[A-Z]{2,}s?\s/.test(surface.trim()) && !inWordNet(modifier);
  return acronym || (isThingNoun(modifier) && !hasModifierSense(modifier) && !isOnlyPersonWord(modifier));
}

/** A length of time ("two days", "six weeks", "a few months"): a measure, not a name (12e). */
function isDuration(tokens: string[]): boolean {
  const last = tokens[tokens.length - 1]!;
  return (
    tokens.length >= 2 &&
    TIME_UNITS.has(last) &&
    tokens.slice(0, -1).every((t) => NUMBER_WORDS.has(t) || COUNTS_OF_TIME.has(t) || /^\d+$/.test(t))
  );
}

/**
 * Junk by list and shape, given a concept key (see keys.ts) and, when
 * known, a surface form (hyphens are lost in keys) and whether an issue's
 * title names it. Statistical genericness is judged elsewhere; this is the
 * part that needs no corpus.
 */
export function isJunkKey(
  key: string,
  { surface, titled = false, slogan = false }: { surface?: string; titled?: boolean; slogan?: boolean } = {},
): boolean {
  if (!key) return true;
  // Every issue asks again about the same keys and surfaces: each answer is worked out once.
  let bySurface = junkMemo.get(key);
  if (!bySurface) {
    // Bounded: a long text of invented words must not grow this without limit.
    if (junkMemo.size > 100_000) junkMemo.clear();
    junkMemo.set(key, (bySurface = new Map()));
  }
  let answers = bySurface.get(surface);
  if (!answers) bySurface.set(surface, (answers = []));
  const flags = (titled ? 1 : 0) + (slogan ? 2 : 0);
  let junk = answers[flags];
  if (junk === undefined) answers[flags] = junk = judgeKey(key, surface, titled, slogan);
  return junk;
}

/** A verb's -ing form, by WordNet's morphology ("doing" → "do"; "thing" is no verb's). */
export function isGerundWord(word: string): boolean {
  return /ing$/.test(word) && lemmatizer.verb(word) !== word;
}

/** Answers by key, then by surface (none: undefined), then by flags (titled + 2 × slogan). */
const junkMemo = new Map<string, Map<string | undefined, boolean[]>>();

function judgeKey(key: string, surface: string | undefined, titled: boolean, slogan: boolean): boolean {
  const tokens = key.split(" ");
  if (BOILERPLATE.has(key)) return true;
  if (isDateLike(tokens) || isDuration(tokens)) return true;
  // The rest of a length compound whose number the phrase dropped ("two year program", "2-week
  // sprints", "30-day doodle challenge"): a measure describing the noun, not a name (12f).
  if (tokens.length > 1 && TIME_UNITS.has(tokens[0]!)) return true;
  // And with its number ("one day sprints", "2-week sprints", "six month roadmap"): a length of the
  // noun, not a kind of it (12k).
  if (
    tokens.length > 2 &&
    (NUMBER_WORDS.has(tokens[0]!) || COUNTS_OF_TIME.has(tokens[0]!) || /^\d+$/.test(tokens[0]!)) &&
    TIME_UNITS.has(tokens[1]!)
  )
    return true;
  // A variable or placeholder: a letter with a digit as the whole name ("F1", "F2"), or a title-case
  // run ending in a lone capital letter ("Feature X", "Team B", "Command K") (12f).
  if (tokens.length === 1 && /^[a-z]\d{1,2}$/.test(tokens[0]!)) return true;
  if (tokens.length > 1 && surface !== undefined && /^(?:[A-Z][\w’'-]*\s+)+[A-Z]\W*$/.test(surface.trim())) return true;
  // An activity named by a gerund and its object "nothing" ("doing nothing", "shipping nothing"): a
  // choice the writing weighs, though both words are function words alone (12o).
  if (tokens.length === 2 && tokens[1] === "nothing" && isGerundWord(tokens[0]!)) return false;
  if (tokens.every((t) => STOPWORDS.has(t) || FILLER.has(t) || /^\d+$/.test(t))) return true;
  if (tokens.length === 1) {
    const [t] = tokens as [string];
    if (t.length < 2 || STOPWORDS.has(t) || FILLER.has(t) || GENERIC_NOUNS.has(t) || GENERIC_MODIFIERS.has(t))
      return true;
    if (WEEKDAYS.has(t) || MONTHS.has(t) || /^\d/.test(t)) return true;
  }
  // A count or a measure: a phrase opening with a number in digits says how many or how much
  // ("175 posts on product development", "12 core competencies", "24-point", "1–3d stories"); a
  // number hyphenated into a compound before a noun names a kind, like "one-person teams" ("12-step
  // program"). Ordinals ("3rd order effects") and numerals as words ("1s and 3s") are not counts,
  // and a title's motto is held to this too (12k).
  if (
    tokens.length > 1 &&
    /^\d+$/.test(tokens[0]!) &&
    !(surface !== undefined && /^\s*\d+-[A-Za-z]+\s+\S/.test(surface))
  )
    return true;
  // An equation ("Agile == Scrum", "output = outcome") states that one thing is another: a claim
  // about two names, not a name (12k). ("X > Y" reads "X over Y", a value statement, and stays.)
  if (surface !== undefined && /\S\s*(?:={1,3}|≠|!==?)\s*\S/.test(surface)) return true;
  // A name glued to a person's ("Kanban David J Anderson": a capitalised run with a given name inside
  // and a word after it) is a method and its author side by side in a credit, not one name (12k).
  if (
    tokens.length > 2 &&
    surface !== undefined &&
    /^[A-Z]/.test(surface.trim()) &&
    tokens.slice(1, -1).some((t) => GIVEN_NAMES.has(t))
  )
    return true;
  // A noun before a word for a body of people says which people ("development team", "engineering
  // org", "UX team"): a department, any noun of which makes a team, not an idea. A word that can be
  // an adjective may say what kind ("remote team", "focused team"); a hyphenated compound, a title
  // or a name written with capitals may name one ("one-person teams", "Real Teams", Scrum's "Scrum
  // Team"). Not asked of a tension's sides, which come without a surface (12ai).
  if (
    surface !== undefined &&
    !titled &&
    namesWhichPeople(tokens, surface) &&
    !isNamingCompound(surface) &&
    !/^[A-Z]\S*\s+[A-Z]/.test(surface.trim())
  )
    return true;
  // A title's motto keeps its own words, joining words included ("experiment with, not on").
  if (slogan)
    return (
      tokens.length < 2 ||
      tokens.every((t) => GENERIC_NOUNS.has(t) || GENERIC_MODIFIERS.has(t) || STOPWORDS.has(t) || FILLER.has(t))
    );
  // Generic words joined by hyphens make a compound of their own ("front-line teams", "one-person teams").
  const compound = surface !== undefined && isNamingCompound(surface);
  // An issue titled "Real Teams" makes a name of them.
  const titleName =
    titled &&
    tokens.length > 1 &&
    SPECIALISING_MODIFIERS.has(tokens[0]!) &&
    !tokens.slice(1).some((t) => GENERIC_MODIFIERS.has(t) || STOPWORDS.has(t));
  if (
    !compound &&
    !titleName &&
    tokens.every((t) => GENERIC_NOUNS.has(t) || GENERIC_MODIFIERS.has(t) || STOPWORDS.has(t) || FILLER.has(t))
  )
    return true;
  // "the word bet", "a couple of teams", "degree of alignment": a measure or a mention, not a name;
  // "people love…": a clause the tagger read as a noun phrase.
  if (tokens.length > 1 && (QUANTITY_NOUNS.has(tokens[0]!) || tokens[0] === "person" || tokens[0] === "folk"))
    return true;
  // A name ends in a noun: "super important" is a phrase, not a concept.
  // (A title may coin a slogan that ends in one: "Think Big, Work Small".)
  if (tokens.length > 1 && GENERIC_MODIFIERS.has(tokens[tokens.length - 1]!) && !titled) return true;
  // A "non-" compound negates: alone or before a participle it describes what the sentence names
  // ("non-business", "non-customer facing"); before a noun it may name ("non-functional requirements") (12e).
  if (surface !== undefined && NEGATED_MODIFIER.test(surface.trim()) && !titled) return true;
  // A phrase that starts or ends in a function word is a fragment, not a name.
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  // ("one-person teams" starts with a compound, not with "one".)
  const compoundFirst = surface !== undefined && startsWithCompound(surface);
  if (
    tokens.length > 1 &&
    ((STOPWORDS.has(last) && !endsInCompound(surface)) ||
      (STOPWORDS.has(first) && !compoundFirst && !["vs"].includes(first)))
  )
    return true;
  if (tokens.some((t) => FILLER.has(t) && !["great", "right", "well", "cool", "nice", "sure", "no"].includes(t)))
    return true;
  return false;
}
