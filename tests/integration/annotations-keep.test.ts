import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { annotations, issues, users } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { SAMPLES_DIR } from "@/lib/ingest/samples";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();

describe("annotations outlive careless deletes", () => {
  it("refuses to delete an issue that readers have annotated", async () => {
    await ingestPaths(db(), [SAMPLES_DIR]);
    const [issue] = await db().select().from(issues).where(eq(issues.slug, "decision-log"));
    const [user] = await db().insert(users).values({ email: "reader@example.org", name: "Reader" }).returning();
    await db()
      .insert(annotations)
      .values({
        userId: user!.id,
        issueId: issue!.id,
        revision: issue!.revision,
        exact: "Four lines.",
        start: issue!.text.indexOf("Four lines."),
        end: issue!.text.indexOf("Four lines.") + "Four lines.".length,
      });

    // 23001: restrict_violation
    await expect(db().delete(issues).where(eq(issues.id, issue!.id))).rejects.toMatchObject({
      cause: { code: "23001" },
    });
    expect(await db().select().from(annotations)).toHaveLength(1);
  });
});
