/**
 * Issue numbers and series hidden in titles: `#125`, `TBM 7/53: …`, `BM 1/53`,
 * `Issue 12: …`. Returns the title with the numbering removed when it is only a
 * prefix or suffix, so pages don't show it twice.
 */
export type TitleParts = { title: string; number?: number; series?: string };

const SMALL_WORDS = new Set(["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with"]);

/** A newsletter's name is Title Case ("Notes from the Middle"); a sentence ("We shipped") isn't one. */
function isName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return words.every((w, i) => /^[\p{Lu}\p{N}]/u.test(w) || (i > 0 && SMALL_WORDS.has(w)));
}

const patterns: {
  re: RegExp;
  series?: (m: RegExpExecArray) => string | undefined;
  accept?: (m: RegExpExecArray) => boolean;
}[] = [
  // "TBM 7/53: Strategy and Structure", "BM 1/53 — Title"
  { re: /^\s*([A-Z][A-Z0-9]{0,7})\s+(\d{1,5})\s*\/\s*\d{1,5}\s*[:\-–—.]?\s*/, series: (m) => m[1] },
  // "Issue 12: Title", "Issue #12 - Title", "No. 12 Title"
  { re: /^\s*(?:issue|no\.?|number|edition|#)\s*#?\s*(\d{1,5})\s*[:\-–—.]?\s*/i },
  // "Working Notes #41: Slack Is a Feature", "Field Notes Issue 7 — Capacity": a newsletter's name, its number, the title
  {
    re: /^\s*([^#:|]{1,40}?)\s+(?:#|issue\s*#?\s*|no\.\s*)(\d{1,5})\s*[:\-–—|]\s+/i,
    series: (m) => m[1]?.trim(),
    accept: (m) => isName(m[1] ?? ""),
  },
  // "The Product Is The Process #125", "Title (#125)", "Title — Issue 125"
  { re: /\s*[([]?\s*(?:[-–—|]\s*)?(?:issue\s*#?|#)\s*(\d{1,5})\s*[)\]]?\s*$/i },
];

export function parseTitle(raw: string): TitleParts {
  const title = raw.replace(/\s+/g, " ").trim();
  for (const { re, series, accept } of patterns) {
    const m = re.exec(title);
    if (!m || (accept && !accept(m))) continue;
    const digits = series ? m[2] : m[1];
    const number = Number(digits);
    const rest = (title.slice(0, m.index) + title.slice(m.index + m[0].length)).trim();
    return {
      title: rest || title,
      number: Number.isFinite(number) ? number : undefined,
      series: series?.(m),
    };
  }
  return { title };
}
