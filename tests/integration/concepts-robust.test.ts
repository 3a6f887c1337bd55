/**
 * The concepts stage survives issues it cannot (or should not) read whole: a 19 MB issue is
 * read up to the extraction limit instead of overflowing the call stack, and an issue whose
 * stored text is malformed is skipped with a reported error. Neither keeps the other issues,
 * ingested before or after them, from getting their concepts.
 */
import { eq, inArray } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { conceptIssueCandidates, conceptIssues, conceptMentions, issues, type Block } from "@/db/schema";
import { LIMITS } from "@/lib/concepts/limits";
import { readableBlocks } from "@/lib/concepts/reading";
import { countStaleIssues, refreshConcepts } from "@/lib/concepts/store";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

const FIRST = `---
title: "Weekly Notes 1: Decision Logs"
date: 2023-05-01
url: https://example.org/notes/decision-logs
---

A **decision log** records why a team chose what it chose. Keep the decision log beside the roadmap.

## Why a decision log helps

The decision log lets a new teammate read the reasoning, not just the result.
`;

const LATER = `---
title: "Weekly Notes 2: Opportunity Trees"
date: 2023-05-08
url: https://example.org/notes/opportunity-trees
---

An **opportunity tree** maps outcomes to the opportunities under them. Grow the opportunity tree together.

## Pruning the opportunity tree

Prune the opportunity tree every quarter, and revisit the decision log while you do.
`;

/** About 19 MB of prose in paragraphs, with headings: a generated stand-in for a pasted archive. */
function hugeBlocks(targetChars: number): Block[] {
  const subjects = [
    "The team",
    "Our designer",
    "Each squad",
    "The platform group",
    "A new hire",
    "The steering committee",
  ];
  const verbs = ["reviewed", "questioned", "mapped", "rewrote", "measured", "postponed", "shipped", "discussed"];
  const objects = [
    "the onboarding flow",
    "a pricing experiment",
    "the release checklist",
    "every support ticket",
    "the capacity plan",
    "a customer journey map",
  ];
  const tails = [
    "before lunch.",
    "after the retro.",
    "with the sales lead.",
    "for the third time this month.",
    "without a clear owner.",
    "and then waited.",
  ];
  const blocks: Block[] = [];
  let offset = 0;
  let n = 0;
  while (offset < targetChars) {
    const heading = n % 40 === 0;
    let text = "";
    if (heading) text = `Part ${n / 40 + 1}: ${objects[n % objects.length]!.replace(/^(the|a|every) /, "")}`;
    else {
      const sentences: string[] = [];
      for (let s = 0; s < 5; s++) {
        const k = n * 7 + s * 3;
        sentences.push(
          `${subjects[k % subjects.length]} ${verbs[(k >> 1) % verbs.length]} ${objects[(k >> 2) % objects.length]} ${tails[(k >> 3) % tails.length]}`,
        );
      }
      text = sentences.join(" ");
    }
    blocks.push({
      id: `${heading ? "h2" : "p"}-${n.toString(36)}`,
      kind: heading ? "h2" : "p",
      text,
      start: offset,
      end: offset + text.length,
    });
    offset += text.length + 2;
    n++;
  }
  return blocks;
}

async function storeDirectly(slug: string, title: string, blocks: Block[]): Promise<number> {
  const text = blocks.map((b) => (typeof b.text === "string" ? b.text : "")).join("\n\n");
  const hash = `direct-${slug}`;
  // Stored as ingest would have stored it; the search stage is told it is current so this test exercises concepts alone.
  const [row] = await db()
    .insert(issues)
    .values({
      slug,
      title,
      html: "",
      text,
      blocks,
      contentHash: hash,
      searchHash: hash,
      publishedAt: new Date("2023-05-03T00:00:00Z"),
    })
    .returning({ id: issues.id });
  return row!.id;
}

describe("concepts stage with a huge and a malformed issue", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concepts-robust-"));
  const messages: string[] = [];
  let hugeId = 0;
  let huge: Block[] = [];
  let brokenId = 0;
  let laterId = 0;

  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, "first.md"), FIRST);
    await ingestPaths(db(), [path.join(dir, "first.md")]);

    huge = hugeBlocks(19_000_000);
    hugeId = await storeDirectly("huge-archive", "The Whole Archive Pasted In", huge);
    // A row damaged outside ingest: one block lost its text.
    const broken: Block[] = [
      { id: "p-1", kind: "p", text: "A paragraph that is fine.", start: 0, end: 25 },
      { id: "p-2", kind: "p", text: null as unknown as string, start: 27, end: 40 },
    ];
    brokenId = await storeDirectly("damaged-row", "A Damaged Row", broken);

    fs.writeFileSync(path.join(dir, "later.md"), LATER);
    await ingestPaths(db(), [path.join(dir, "later.md")], {}, { onStageMessage: (m) => messages.push(m) });
    const [row] = await db()
      .select({ id: issues.id })
      .from(issues)
      .where(eq(issues.sourceUrl, "https://example.org/notes/opportunity-trees"));
    laterId = row?.id ?? 0;
    if (!laterId) throw new Error(`the later issue was not stored: ${messages.join(" | ")}`);
  }, 600_000);

  it("ingests the huge issue's neighbours with their concepts, and reports what it left out", async () => {
    expect(laterId).toBeGreaterThan(0);
    expect(messages.filter((m) => m.startsWith("concepts failed"))).toEqual([]);
    expect(messages.some((m) => m.includes('skipped "damaged-row"'))).toBe(true);
    expect(messages.some((m) => m.includes('"huge-archive" is very long') && m.includes("1,000,000"))).toBe(true);
    expect(messages.some((m) => /1 issue left out/.test(m))).toBe(true);

    const ranked = await db()
      .select({ issueId: conceptIssues.issueId })
      .from(conceptIssues)
      .where(eq(conceptIssues.issueId, laterId));
    expect(ranked.length).toBeGreaterThan(0);
    // Every issue's marker is current, so the next run has nothing left to retry.
    expect(await countStaleIssues(db())).toBe(0);
  });

  it("reads the huge issue only up to the limit, and the malformed one not at all", async () => {
    const [cached] = await db().select().from(conceptIssueCandidates).where(eq(conceptIssueCandidates.issueId, hugeId));
    expect(cached!.candidates.truncated).toEqual({ read: LIMITS.maxIssueChars, total: expect.any(Number) });
    expect(cached!.candidates.truncated!.total).toBeGreaterThan(18_000_000);
    const read = new Set(readableBlocks(huge).blocks.map((b) => b.id));
    expect(read.size).toBeLessThan(huge.length / 10);
    const mentioned = await db()
      .selectDistinct({ blockId: conceptMentions.blockId })
      .from(conceptMentions)
      .where(eq(conceptMentions.issueId, hugeId));
    expect(mentioned.length).toBeGreaterThan(0);
    expect(mentioned.filter((m) => !read.has(m.blockId) && m.blockId !== "issue-title")).toEqual([]);
    const [broken] = await db()
      .select()
      .from(conceptIssueCandidates)
      .where(eq(conceptIssueCandidates.issueId, brokenId));
    expect(broken!.candidates.failed).toMatch(/TypeError/);
    const brokenMentions = await db()
      .select()
      .from(conceptMentions)
      .where(inArray(conceptMentions.issueId, [brokenId]));
    expect(brokenMentions).toEqual([]);
  });

  it("does not retry a failed issue on every run, and a later full rebuild still completes", async () => {
    const again = await refreshConcepts(db());
    expect(again.skipped).toBe(true);
    const reported: string[] = [];
    const full = await refreshConcepts(db(), { full: true, report: (m) => reported.push(m) });
    expect(full.failed).toBe(1);
    expect(reported.some((m) => m.includes('skipped "damaged-row"'))).toBe(true);
  }, 300_000);
});
