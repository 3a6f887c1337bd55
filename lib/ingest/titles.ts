/**
 * Issue numbers and series hidden in titles: `#125`, `TBM 7/53: …`, `BM 1/53`,
 * `Issue 12: …`. Returns the title with the numbering removed when it is only a
 * prefix or suffix, so pages don't show it twice.
 */
export type TitleParts = { title: string; number?: number; series?: string };

const patterns: { re: RegExp; series?: (m: RegExpExecArray) => string | undefined }[] = [
  // "TBM 7/53: Strategy and Structure", "BM 1/53 — Title"
  { re: /^\s*([A-Z][A-Z0-9]{0,7})\s+(\d{1,5})\s*\/\s*\d{1,5}\s*[:\-–—.]?\s*/, series: (m) => m[1] },
  // "Issue 12: Title", "Issue #12 - Title", "No. 12 Title"
  { re: /^\s*(?:issue|no\.?|number|edition|#)\s*#?\s*(\d{1,5})\s*[:\-–—.]?\s*/i },
  // "The Product Is The Process #125", "Title (#125)", "Title — Issue 125"
  { re: /\s*[(\[]?\s*(?:[-–—|]\s*)?(?:issue\s*#?|#)\s*(\d{1,5})\s*[)\]]?\s*$/i },
];

export function parseTitle(raw: string): TitleParts {
  const title = raw.replace(/\s+/g, " ").trim();
  for (const { re, series } of patterns) {
    const m = re.exec(title);
    if (!m) continue;
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
