import { describe, expect, it } from "vitest";
import { parseTitle } from "@/lib/ingest/titles";

describe("parseTitle", () => {
  it.each([
    ["TBM 7/53: Strategy and Structure", { title: "Strategy and Structure", number: 7, series: "TBM" }],
    ["BM 1/53 — Beginnings", { title: "Beginnings", number: 1, series: "BM" }],
    ["The Product Is The Process #125", { title: "The Product Is The Process", number: 125 }],
    ["Issue 12: Small Batches", { title: "Small Batches", number: 12 }],
    ["Issue #3 - Decision Logs", { title: "Decision Logs", number: 3 }],
    ["#9 Slack", { title: "Slack", number: 9 }],
  ])("reads %s", (raw, expected) => {
    expect(parseTitle(raw)).toEqual(expected);
  });

  it("leaves titles without numbering alone", () => {
    expect(parseTitle("  8 Trends  Shaping Product ")).toEqual({ title: "8 Trends Shaping Product" });
    expect(parseTitle("Why 2/3 of roadmaps fail")).toEqual({ title: "Why 2/3 of roadmaps fail" });
  });
});

describe("parseTitle with a newsletter name before the number", () => {
  it("reads the name as the series", () => {
    expect(parseTitle("Working Notes #41: Slack Is a Feature")).toEqual({
      title: "Slack Is a Feature",
      number: 41,
      series: "Working Notes",
    });
    expect(parseTitle("Field Notes Issue 7 — Capacity")).toEqual({
      title: "Capacity",
      number: 7,
      series: "Field Notes",
    });
  });

  it("doesn't mistake a number inside a sentence for numbering", () => {
    expect(parseTitle("We shipped #3: and then?")).toEqual({ title: "We shipped #3: and then?" });
  });
});
