import { isOnlyPersonWord, isThingNoun, isUnknownWord } from "./reference";

/**
 * Common given names. A capitalised pair that starts with one ("Jeff
 * Gothelf", "Donella Meadows") is a person the writer cites, not a framework.
 * Deliberately broad rather than complete: a missed name only lets a person
 * through the capitalised-term source, where recurrence thresholds still apply.
 */
export const GIVEN_NAMES = new Set(
  `aaron adam adrian aisha alan albert alex alexander alexandra ali alice alicia allison amanda amy ana andrea andrew
  andy angela ann anna anne annie anthony antonio april arjun arthur ashley barbara barry ben benjamin bernard beth
  betty bill billy bob bobby brad brandon brenda brian bruce carl carlos carol caroline carrie catherine charles
  charlie chris christian christina christine christopher cindy claire clara colin craig cyd dan dana daniel danielle
  dave david dean deborah debbie denise dennis derek diana diane don donald donella donna doug douglas dylan ed eddie
  edward elena eli elizabeth ellen emily emma eric erica erik eugene eva evan frank fred gabriel gary gene george
  gerald gina grace greg gregory hannah harry heather helen henrik henry holly howard ian isaac jack jackie jacob james
  jamie jan jane janet jared jason jean jeff jeffrey jen jennifer jenny jeremy jerry jesse jessica jill jim jimmy joan
  joanna joe joel johanna john johnny jon jonathan jordan jose joseph josh joshua joy juan judy julia julie justin
  karen kate katherine kathleen kathy katie keith kelly ken kenneth kent kevin kim kyle larry laura lauren lee leo
  leslie linda lisa liz lori louis lucy luis luke lynn marc marcus margaret maria marie marilyn mark martha martin
  marty mary matt matthew max megan melissa michael michelle mike mohammed nancy natalie nathan neil nicholas nick
  nicole noah nora oliver olivia pam pamela patricia patrick paul peter phil philip rachel ralph randy ray raymond
  rebecca richard rick rob robert robin roger roman ron ronald rose ross russell ruth ryan sally sam samantha samuel
  sandra sara sarah scott sean seth sharon shawn simon sophia stephanie stephen steve steven stuart sue susan tara
  teresa terry theresa thomas tim timothy tina todd tom tony tracy travis tyler valerie vanessa victor victoria
  vincent walter wayne wendy william willie yuval zach zoe`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A person (or a place) the writer cites by a name no list knows ("Jez Humble", "Alistair Cockburn",
 * "Sidney Dekker"): two capitalised words, the first no word of its own — written nowhere in the
 * corpus but before the second and known to WordNet, if at all, only as a person; or unknown to
 * both references (WordNet, the subtitles) — and the
 * second no common noun (a surname, or a word such as "humble"). "Kano Model", "Biz Chops" and
 * "Laziest Team" end in a thing; "Modern Agile" and "Lean Startup" start with words of their own (12f).
 */
function isCitedName(tokens: string[], surface: string, firstIsNoWord: boolean, secondIsThing: boolean): boolean {
  return (
    tokens.length === 2 &&
    /^[A-Z][\p{L}’'.-]*\s+[A-Z][\p{L}’'.-]*\W*$/u.test(surface.trim()) &&
    firstIsNoWord &&
    !secondIsThing
  );
}

/** Is key `k`, written as `surfaces` (a pair of words used `runUses` times), a person cited by a name no list knows? See isCitedName (12f). */
export function isCitedKey(k: string, surfaces: string[], wordCounts: Map<string, number>, runUses: number): boolean {
  const tokens = k.split(" ");
  if (tokens.length !== 2 || surfaces.length === 0) return false;
  const firstUses = wordCounts.get(tokens[0]!) ?? 0;
  const noWord = (firstUses > 0 && firstUses <= runUses && isOnlyPersonWord(tokens[0]!)) || isUnknownWord(tokens[0]!);
  const thing = isThingNoun(tokens[1]!);
  return surfaces.every((x) => isCitedName(tokens, x, noWord, thing));
}
