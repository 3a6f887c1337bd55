/**
 * Dates as sources and authors give them: a full date, or only a month or a
 * year ("2020", a book titled "… 2020"). A partial date is stored as its first
 * day with its precision, so lists sort it and pages show only what is known.
 */
import type { DatePrecision } from "@/db/schema";

export type PartialDate = { date: Date; precision: DatePrecision };

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

/** `2020-05-14`, `2020-05` or `2020` (also as a number), else undefined. Impossible dates are undefined too. */
export function parsePartialDate(value: unknown): PartialDate | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : 1, m[3] ? Number(m[3]) : 1];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < MIN_YEAR || year > MAX_YEAR || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return { date, precision: m[3] ? "day" : m[2] ? "month" : "year" };
}

/**
 * The one year a collection's title names ("The Beautiful Mess 2020", "Notes, 2019 edition"):
 * the date its undated issues belong to. None when it names no year, or several ("2019–2020").
 */
export function yearInTitle(title: string | undefined): PartialDate | undefined {
  if (!title) return undefined;
  const years = [...title.matchAll(/(?<![\d/.-])(1[9]\d{2}|2[01]\d{2})(?![\d/.-]|\s*[-–—]\s*\d)/g)].map((m) => m[1]!);
  const distinct = new Set(years);
  if (distinct.size !== 1 || /\d{4}\s*[-–—]\s*\d{2,4}/.test(title)) return undefined;
  return parsePartialDate([...distinct][0]);
}
