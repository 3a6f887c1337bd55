/**
 * The candidates pool (lib/ingest/candidates-pool.ts) reads issues on a worker thread beside this
 * one: what it returns must be what reading them here returns, issue for issue, in order.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { readIssueCandidates } from "@/lib/concepts/candidates";
import os from "node:os";
import { poolSize, startCandidatesPool } from "@/lib/ingest/candidates-pool";

// Small issues written for this test, each different, so a reordering would show.
const TOPICS = [
  "Decision Log",
  "Opportunity Tree",
  "Weekly Planning Ritual",
  "North Star Metric",
  "Team Topologies",
  "Roadmap Theatre",
  "Discovery Backlog",
];
function issue(n: number) {
  const topic = TOPICS[n % TOPICS.length]!;
  const texts = [
    `Issue ${n}: the ${topic}`,
    `Our team started keeping a ${topic} in week ${n}. The "${topic}" helped the product managers talk about bets.`,
    `Most teams (about ${n * 3} of them) use OKRs (Objectives and Key Results) next to the ${topic}.`,
    n % 2 ? "Coordination costs grow faster than headcount, and nobody budgets for them." : "Ship smaller batches.",
  ];
  let offset = 0;
  const blocks: Block[] = texts.map((text, i) => {
    const b: Block = { id: `b-${n}-${i}`, kind: i === 0 ? "h2" : "p", text, start: offset, end: offset + text.length };
    offset += text.length + 2;
    return b;
  });
  const html = blocks.map((b) => `<${b.kind} id="${b.id}">${b.text}</${b.kind}>`).join("\n");
  return { title: `Notes ${n}`, blocks, html };
}

const pool = startCandidatesPool(1);
afterAll(() => pool.close());

describe("candidates pool", () => {
  it("returns, in order, exactly what reading each issue in this thread returns, with the worker taking a share", async () => {
    const issues = Array.from({ length: 40 }, (_, n) => issue(n));
    let here = 0;
    const got = await pool.read(issues, (i) => {
      here++;
      return readIssueCandidates(i);
    });
    expect(got).toHaveLength(issues.length);
    expect(got).toEqual(issues.map((i) => readIssueCandidates(i)));
    // Byte for byte as stored (jsonb is written from JSON).
    expect(JSON.stringify(got)).toBe(JSON.stringify(issues.map((i) => readIssueCandidates(i))));
    expect(here).toBeLessThan(issues.length);
  }, 60_000);

  it("refuses work once closed", async () => {
    const closing = startCandidatesPool(1);
    await closing.close();
    await expect(closing.read([issue(1)], readIssueCandidates)).rejects.toThrow(/closed/);
  }, 60_000);
});

describe("pool size", () => {
  const cores = os.availableParallelism();
  it("no workers on a busy machine (no spare core), one per spare core otherwise", () => {
    expect(poolSize(3, cores)).toBe(0);
    expect(poolSize(3, cores - 0.5)).toBe(0);
    expect(poolSize(3, 0)).toBe(Math.min(cores - 1, 3));
    expect(poolSize(1, 0)).toBe(cores > 1 ? 1 : 0);
  });
});
