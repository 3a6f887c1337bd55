/**
 * The word just before or just after a span of text, found by scanning characters: what
 * `/([A-Za-z]+)\W*$/` and `/^\W*([A-Za-z]+)/` capture in the 24 characters on either side, without
 * a regular expression run at every mention of every concept in a pass (mentions.ts's use cues).
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
