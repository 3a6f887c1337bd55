import { eq } from "drizzle-orm";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { annotations, issues } from "@/db/schema";
import { createAnnotation } from "@/lib/annotations/actions";
import { listIssueAnnotations } from "@/lib/annotations/queries";
import { reanchorStaleAnnotations } from "@/lib/annotations/reanchor";
import type { CurrentUser } from "@/lib/auth/session";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { createTestUser, useTestAuthSecret } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const fixtures = path.join(__dirname, "..", "fixtures", "annotations");
const slug = "outcomes-over-output";
const sample = path.join(SAMPLES_DIR, "002-outcomes-over-output.md");
const v2 = path.join(fixtures, "outcomes-v2-edited.md");
const v3 = path.join(fixtures, "outcomes-v3-passage-deleted.md");

let reader: CurrentUser;
const ids: Record<string, string> = {};

async function issueRow() {
  const [row] = await db().select().from(issues).where(eq(issues.slug, slug));
  return row!;
}

async function annotationRow(id: string) {
  const [row] = await db().select().from(annotations).where(eq(annotations.id, id));
  return row!;
}

async function annotate(key: string, exact: string) {
  const issue = await issueRow();
  const start = issue.text.indexOf(exact);
  const row = await createAnnotation(db(), reader, {
    issue: slug,
    start,
    end: start + exact.length,
    exact,
    note: key,
    tags: [],
    visibility: "private",
  });
  ids[key] = row.id;
}

beforeAll(async () => {
  useTestAuthSecret();
  await ingestPaths(db(), [SAMPLES_DIR]);
  const u = await createTestUser(db(), "Reader", "reader@example.org");
  reader = { id: u.id, name: u.name, email: u.email, role: "reader" };
  await annotate("queue", "The roadmap becomes a queue, and the queue never gets shorter.");
  await annotate("factory", "measures itself by how much it ships");
  await annotate("tryThis", "Pick one item on your roadmap");
});

describe("re-anchoring after re-ingest", () => {
  it("keeps annotations on their passages when the issue is edited", async () => {
    const summary = await ingestPaths(db(), [v2]);
    expect(summary.counts.updated).toBe(1);
    const issue = await issueRow();
    expect(issue.revision).toBe(2);

    const queue = await annotationRow(ids.queue!);
    expect(queue).toMatchObject({ status: "anchored", revision: 2, checkedRevision: 2 });
    expect(queue.exact).toBe("The roadmap becomes a queue, and that queue never gets any shorter.");
    expect(issue.text.slice(queue.start, queue.end)).toBe(queue.exact);

    const tryThis = await annotationRow(ids.tryThis!);
    expect(tryThis.status).toBe("anchored");
    expect(issue.text.slice(tryThis.start, tryThis.end)).toBe("Pick one item on your roadmap");
    // Moved by the paragraph added above it.
    expect(tryThis.start).toBeGreaterThan(0);
    expect(tryThis.blockId).toBe(issue.blocks.find((b) => b.start <= tryThis.start && tryThis.start < b.end)!.id);
  });

  it("orphans annotations whose passage was deleted, keeping their quote", async () => {
    await ingestPaths(db(), [v3]);
    const issue = await issueRow();
    expect(issue.revision).toBe(3);
    const queue = await annotationRow(ids.queue!);
    expect(queue).toMatchObject({ status: "orphaned", revision: 2, checkedRevision: 3 });
    expect(queue.exact).toBe("The roadmap becomes a queue, and that queue never gets any shorter.");
    expect((await annotationRow(ids.factory!)).status).toBe("orphaned");
    expect((await annotationRow(ids.tryThis!)).status).toBe("anchored");

    const views = await listIssueAnnotations(db(), issue.id, reader);
    expect(
      views
        .filter((v) => v.status === "orphaned")
        .map((v) => v.note)
        .sort(),
    ).toEqual(["factory", "queue"]);
  });

  it("never deletes them, and places them again when the passage comes back", async () => {
    await ingestPaths(db(), [sample]);
    const issue = await issueRow();
    expect(issue.revision).toBe(4);
    const queue = await annotationRow(ids.queue!);
    expect(queue.status).toBe("anchored");
    expect(queue.exact).toBe("The roadmap becomes a queue, and the queue never gets shorter.");
    expect((await db().select().from(annotations)).length).toBe(3);
  });

  it("catches up on a run that stopped before re-anchoring", async () => {
    // As if a run had committed revision 5 and died before its stages ran.
    const issue = await issueRow();
    await db()
      .update(issues)
      .set({ revision: 5, text: `Prologue added later.\n\n${issue.text}` })
      .where(eq(issues.id, issue.id));
    const before = await annotationRow(ids.tryThis!);

    // Readers already see it in the right place (anchored in memory).
    const views = await listIssueAnnotations(db(), issue.id, reader);
    const view = views.find((v) => v.id === ids.tryThis)!;
    expect(view.start).toBe(before.start + "Prologue added later.\n\n".length);

    // The next ingest run, though it changes nothing, finishes the work.
    const summary = await ingestPaths(db(), [SAMPLES_DIR]);
    expect(summary.counts.updated).toBe(0);
    const after = await annotationRow(ids.tryThis!);
    expect(after).toMatchObject({
      revision: 5,
      checkedRevision: 5,
      start: before.start + "Prologue added later.\n\n".length,
    });
    expect(await reanchorStaleAnnotations(db())).toEqual({ checked: 0, moved: 0, orphaned: 0 });
  });
});
