/** Presentation helpers shared by pages. Dates are shown in UTC: issues are dated by day. */
const dateFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

export function formatDate(date: Date | null | undefined): string | undefined {
  return date ? dateFormat.format(date) : undefined;
}

export function isoDate(date: Date | null | undefined): string | undefined {
  return date ? date.toISOString().slice(0, 10) : undefined;
}

/** "TBM 7", "#125" or nothing: how an issue's number reads in a list. */
export function issueLabel(issue: { number: number | null; series: string | null }): string | undefined {
  if (issue.number == null) return undefined;
  return issue.series ? `${issue.series} ${issue.number}` : `#${issue.number}`;
}
