/** Presentation helpers shared by pages. Dates are shown in UTC: issues are dated by day. */
const dateFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

export function formatDate(date: Date | null | undefined): string | undefined {
  return date ? dateFormat.format(date) : undefined;
}

/** "TBM 7", "#125" or nothing: how an issue's number reads in a list. */
export function issueLabel(issue: { number: number | null; series: string | null }): string | undefined {
  if (issue.number == null) return undefined;
  return issue.series ? `${issue.series} ${issue.number}` : `#${issue.number}`;
}

const monthFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "long", timeZone: "UTC" });

/** An issue's date as far as it is known: "May 14, 2020", "May 2020" or "2020". */
export function formatIssueDate(
  date: Date | null | undefined,
  precision: "day" | "month" | "year" = "day",
): string | undefined {
  if (!date) return undefined;
  if (precision === "year") return String(date.getUTCFullYear());
  if (precision === "month") return monthFormat.format(date);
  return dateFormat.format(date);
}

/** The `datetime` attribute for that date: `2020-05-14`, `2020-05` or `2020` (all valid HTML). */
export function issueDateTime(
  date: Date | null | undefined,
  precision: "day" | "month" | "year" = "day",
): string | undefined {
  if (!date) return undefined;
  const iso = date.toISOString();
  return precision === "year" ? iso.slice(0, 4) : precision === "month" ? iso.slice(0, 7) : iso.slice(0, 10);
}
