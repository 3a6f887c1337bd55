/**
 * Word tokens with their offsets in the original text, normalised the way
 * concept keys are (lower case, singular, "&" → "and", "|"/"versus" → "vs").
 * Both key-making and mention-finding use this one tokenizer, so a key found
 * at extraction is always found again in the text.
 */

// Words ending in s that are not plurals (or whose singular would mislead).
const NOT_PLURAL = new Set([
  "analytics", "business", "process", "status", "analysis", "basis", "crisis", "thesis", "hypothesis", "series",
  "species", "news", "physics", "economics", "ethics", "politics", "logistics", "mathematics", "statistics",
  "kudos", "chaos", "canvas", "focus", "bonus", "campus", "consensus", "census", "virus", "corpus", "radius",
  "alias", "atlas", "bias", "gas", "yes", "has", "was", "is", "this", "thus", "us", "plus", "minus", "always",
  "perhaps", "less", "unless", "across", "its", "does", "goes", "ops", "devops", "biz", "ux",
  "lens", "means", "whereas", "various", "previous", "obvious", "serious", "famous", "nervous", "curious",
  "anxious", "dangerous", "numerous", "continuous", "tremendous", "enormous", "ambiguous", "conscious", "cross",
  "boss", "loss", "class", "glass", "pass", "mass", "less", "stress", "access", "success", "progress", "address",
  "express", "excess", "guess", "mess", "chess", "aws", "sms", "saas", "paas", "iaas",
]);

const IRREGULAR_SINGULAR: Record<string, string> = {
  people: "person",
  children: "child",
  men: "man",
  women: "woman",
  criteria: "criterion",
  phenomena: "phenomenon",
  data: "data",
  media: "media",
  indices: "index",
  matrices: "matrix",
  analyses: "analysis",
  hypotheses: "hypothesis",
  theses: "thesis",
  crises: "crisis",
  bases: "basis",
  lives: "life",
  knives: "knife",
  wives: "wife",
  halves: "half",
  leaves: "leaf",
  selves: "self",
};

/** English singular of one lower-case word; conservative: leaves anything it isn't sure of. */
export function singularize(word: string): string {
  const irregular = IRREGULAR_SINGULAR[word];
  if (irregular) return irregular;
  if (word.length <= 3 || NOT_PLURAL.has(word) || !word.endsWith("s")) return word;
  if (/(ss|us|is|ous|ics)$/.test(word)) return word;
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(sses|ches|shes|xes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/oes$/.test(word) && word.length > 5) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** Straight quotes, plain dashes, no zero-width or non-breaking oddities. */
export function foldPunctuation(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00A0\u2000-\u200B\u202F]/g, " ");
}

export type Token = {
  /** Normalised form, comparable with the words of a concept key. */
  norm: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
  /** Sentence punctuation, brackets or quotes separate this token from the previous one: no name spans the gap. */
  breakBefore: boolean;
  /** Joined to the previous token by a hyphen ("three-dimensional"): no name starts or ends inside the compound. */
  hyphenBefore: boolean;
};

const GAP_BREAK = /[.!?;:()[\]"\u201C\u201D\n]/;
// "A/B" is one word (else "A/B tests" would lose its "A" as an article).
const WORD = /\b[A-Za-z]\/[A-Za-z]\b|[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*|&|\|/g;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index;
    let gap = text.slice(previousEnd, start);
    previousEnd = start + raw.length;
    // The full stop of an abbreviated "vs." is not the end of a sentence.
    if (/^(vs|v)$/i.test(tokens[tokens.length - 1]?.raw ?? "")) gap = gap.replace(/^\./, "");
    let norm: string;
    if (raw === "&") norm = "and";
    else if (raw === "|") norm = "vs";
    else {
      const lower = foldPunctuation(raw).toLowerCase().replace(/'s$/, "").replace(/['/]/g, "");
      norm = lower === "versus" || lower === "v" ? "vs" : singularize(lower);
    }
    if (!norm) continue;
    tokens.push({ norm, raw, start, end: start + raw.length, breakBefore: GAP_BREAK.test(gap), hyphenBefore: /^[-\u2010\u2011]$/.test(gap) });
  }
  return tokens;
}
