/**
 * Characters that show nothing and mean nothing in prose, but split words for every reader of the
 * text (search, concept keys and names, a copied quote): zero-width space, word joiner, a byte-order
 * mark inside text, soft hyphen. Pasted text carries them ("lean\u200B \u200Bprinciples"). The
 * joiners (U+200C, U+200D) are not among them: emoji sequences and some scripts need them.
 */
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "g");

export function withoutInvisible(text: string): string {
  return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, "") : text;
}
