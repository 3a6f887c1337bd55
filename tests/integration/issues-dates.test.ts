/**
 * Undated issues stay in view: listed by series and number, a year filter and search
 * facet of their own ("undated"), a bar in concept timelines, and Previous/Next within
 * their numbered series. The author dates them per source (--date/--year, a book's
 * title year) or per issue (set-date), and a date they set outlives re-ingesting.
 */
import { eq } from "drizzle-orm";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issues } from "@/db/schema";
import { getConceptBySlug, getConceptDetail, listConcepts } from "@/lib/concepts/queries";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { runDerivedStages } from "@/lib/ingest/stages";
import { parseIssueDate, setIssueDate } from "@/lib/issues/archive";
import { getIssueBySlug, getIssueNeighbours, listIssueYears, listIssues } from "@/lib/issues/queries";
import { search } from "@/lib/search";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const fixtures = path.join(__dirname, "..", "fixtures", "archive");

async function neighbours(slug: string) {
  const { previous, next } = await getIssueNeighbours(db(), (await getIssueBySlug(db(), slug))!);
  return [previous?.slug ?? null, next?.slug ?? null];
}

describe("undated issues", () => {
  it("are listed after the dated ones, by series and number, and have a year filter of their own", async () => {
    const summary = await ingestPaths(db(), [path.join(fixtures, "field-notes")]);
    expect(summary.counts.new).toBe(5);
    const all = await listIssues(db(), { perPage: 10 });
    expect(all.items.map((i) => i.slug)).toEqual([
      "notes-on-pairing",
      "2-queues-are-invisible",
      "1-maps-before-motion",
      "4-when-the-queue-wins",
      "3-spending-the-slack-budget",
    ]);
    expect(await listIssueYears(db())).toEqual([
      { year: 2023, count: 3 },
      { year: null, count: 2 },
    ]);
    const undated = await listIssues(db(), { year: "undated" });
    expect(undated.items.map((i) => i.slug)).toEqual(["4-when-the-queue-wins", "3-spending-the-slack-budget"]);
  });

  it("have Previous/Next within their numbered series, dated or not", async () => {
    expect(await neighbours("1-maps-before-motion")).toEqual([null, "2-queues-are-invisible"]);
    expect(await neighbours("2-queues-are-invisible")).toEqual(["1-maps-before-motion", "3-spending-the-slack-budget"]);
    expect(await neighbours("3-spending-the-slack-budget")).toEqual([
      "2-queues-are-invisible",
      "4-when-the-queue-wins",
    ]);
    expect(await neighbours("4-when-the-queue-wins")).toEqual(["3-spending-the-slack-budget", null]);
    // An unnumbered issue: by date, among all issues.
    expect(await neighbours("notes-on-pairing")).toEqual(["2-queues-are-invisible", null]);
  });

  it("are a search facet value and filter, 'undated'", async () => {
    const all = await search(db(), { q: "queue", kind: "issue", limit: 10, offset: 0 });
    expect(all.facets.year).toEqual([
      { value: 2023, count: 3 },
      { value: "undated", count: 2 },
    ]);
    const undated = await search(db(), { q: "queue", kind: "all", year: "undated", limit: 10, offset: 0 });
    expect(undated.hits.map((h) => h.slug).sort()).toEqual(["3-spending-the-slack-budget", "4-when-the-queue-wins"]);
    // Undated hits carry no date; dated ones say it is known to the day.
    expect(undated.hits.every((h) => h.publishedAt === undefined && h.datePrecision === undefined)).toBe(true);
    const dated = all.hits.filter((h) => h.publishedAt);
    expect(dated.length).toBe(3);
    expect(dated.every((h) => h.datePrecision === "day")).toBe(true);
  });

  it("count in concept timelines: the undated bar makes the chart add up to the mentions", async () => {
    const found = await getConceptBySlug(db(), "queue-length");
    expect(found, "the fixture's recurring phrase is a concept").toBeDefined();
    const detail = await getConceptDetail(db(), found!.concept);
    const dated = Object.values(detail.countsByYear).reduce((a, b) => a + b, 0);
    expect(detail.undatedMentions).toBeGreaterThan(0);
    expect(dated + detail.undatedMentions).toBe(detail.mentionCount);
  });
});

describe("dating issues", () => {
  it("a date set by the author is kept when the source is ingested again, and moves the issue in lists, facets and timelines", async () => {
    const { changes } = await setIssueDate(db(), "3-spending-the-slack-budget", parseIssueDate("2023-03-15"));
    expect(await runDerivedStages(db(), changes)).toEqual([]);
    const rerun = await ingestPaths(db(), [path.join(fixtures, "field-notes")]);
    expect(rerun.counts.unchanged).toBe(5);
    const issue = await getIssueBySlug(db(), "3-spending-the-slack-budget");
    expect(issue).toMatchObject({
      publishedAt: new Date("2023-03-15T00:00:00Z"),
      datePrecision: "day",
      dateSetByAuthor: true,
    });
    const facets = (await search(db(), { q: "queue", kind: "issue", limit: 10, offset: 0 })).facets.year;
    expect(facets).toEqual([
      { value: 2023, count: 4 },
      { value: "undated", count: 1 },
    ]);
    const detail = await getConceptDetail(db(), (await getConceptBySlug(db(), "queue-length"))!.concept);
    expect(Object.values(detail.countsByYear).reduce((a, b) => a + b, 0) + detail.undatedMentions).toBe(
      detail.mentionCount,
    );

    // Even when its text changes, the author's date stays.
    await db().update(issues).set({ contentHash: "stale" }).where(eq(issues.slug, "3-spending-the-slack-budget"));
    const again = await ingestPaths(db(), [path.join(fixtures, "field-notes")]);
    expect(again.outcomes.find((o) => o.slug === "3-spending-the-slack-budget")?.status).toBe("updated");
    expect((await getIssueBySlug(db(), "3-spending-the-slack-budget"))?.publishedAt).toEqual(
      new Date("2023-03-15T00:00:00Z"),
    );
  });

  it("refuses a date that isn't one", () => {
    expect(() => parseIssueDate("2023-02-30")).toThrow(/not a real date/);
    expect(() => parseIssueDate("next week")).toThrow(/use YYYY-MM-DD, YYYY-MM, YYYY or none/);
    expect(parseIssueDate("none")).toBeNull();
    expect(parseIssueDate("2023")).toMatchObject({ precision: "year" });
  });

  it("a book titled with a year dates its sections by that year; --year overrides it for undated issues only", async () => {
    const book = path.join(fixtures, "book-2021", "index.html");
    await ingestPaths(db(), [book]);
    const section = await getIssueBySlug(db(), "hl-2-the-pilot-boat");
    expect(section).toMatchObject({
      publishedAt: new Date("2021-01-01T00:00:00Z"),
      datePrecision: "year",
      series: "HL",
      number: 2,
    });
    // Search says as much of the date as is known: "2021", not "January 1, 2021".
    const found = await search(db(), { q: "pilot boat", kind: "issue", limit: 10, offset: 0 });
    expect(found.hits.find((h) => h.slug === "hl-2-the-pilot-boat")).toMatchObject({
      publishedAt: "2021-01-01T00:00:00.000Z",
      datePrecision: "year",
    });
    // A concept first seen in the book was first seen in "2021", as far as anyone knows.
    const { items } = await listConcepts(db(), { sort: "first", limit: 200 });
    const fromBook = items.filter((c) => c.firstSeenAt?.getTime() === Date.UTC(2021, 0, 1));
    expect(fromBook.length, "a concept the book mentions before the other issues").toBeGreaterThan(0);
    expect(fromBook.every((c) => c.firstSeenPrecision === "year")).toBe(true);
    expect(
      items.filter((c) => c.firstSeenAt?.getUTCFullYear() === 2023).every((c) => c.firstSeenPrecision === "day"),
    ).toBe(true);
    const detail = await getConceptDetail(db(), (await getConceptBySlug(db(), fromBook[0]!.slug))!.concept);
    expect(detail.firstSeenPrecision).toBe("year");
    // Within one year the series reads in order.
    const y2021 = await listIssues(db(), { year: 2021 });
    expect(y2021.items.map((i) => i.number)).toEqual([3, 2, 1]);

    const rerun = await ingestPaths(db(), [book], {
      date: { date: new Date("2022-01-01T00:00:00Z"), precision: "year" },
    });
    expect(rerun.counts.updated).toBe(3);
    expect((await getIssueBySlug(db(), "hl-2-the-pilot-boat"))?.publishedAt).toEqual(new Date("2022-01-01T00:00:00Z"));
    // Issues with dates of their own keep them.
    await ingestPaths(db(), [path.join(fixtures, "field-notes", "01-maps-before-motion.md")], {
      date: { date: new Date("2030-01-01T00:00:00Z"), precision: "year" },
    });
    expect((await getIssueBySlug(db(), "1-maps-before-motion"))?.publishedAt).toEqual(new Date("2023-03-01T00:00:00Z"));
  });
});
