import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { issues } from "@/db/schema";
import { findRunningApp, getRevalidateSecret, isRevalidateSecret } from "@/lib/cache/expire";
import { CACHE_TAGS, tagsForChanges } from "@/lib/cache/tags";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const fixtures = path.join(__dirname, "..", "fixtures", "markdown");
const { db } = useTestDatabase();

describe("which cached page data a change makes stale", () => {
  it("names the changed and removed issues, their public annotations, the lists and the concepts", async () => {
    const summary = await ingestPaths(db(), [fixtures]);
    // The ingest says where its time went, stage by stage (bench:ingest reports it).
    expect(Object.keys(summary.timings.stagesMs)).toEqual(expect.arrayContaining(["concepts", "search", "pages"]));
    expect(summary.timings.storeMs).toBeGreaterThan(0);

    const [weekly] = await db().select({ id: issues.id }).from(issues).where(eq(issues.slug, "weekly-review"));
    const tags = await tagsForChanges(db(), { changed: [weekly!.id], deleted: [{ id: 9999, slug: "gone-issue" }] });
    expect(tags.sort()).toEqual(
      [
        CACHE_TAGS.issueList,
        CACHE_TAGS.concepts,
        CACHE_TAGS.issueBodies,
        CACHE_TAGS.issue("weekly-review"),
        CACHE_TAGS.publicAnnotations(weekly!.id),
        CACHE_TAGS.issue("gone-issue"),
        CACHE_TAGS.publicAnnotations(9999),
      ].sort(),
    );
    // Another issue's public notes are left alone.
    expect(
      tags.some(
        (t) =>
          t.startsWith("annotations:") &&
          t !== CACHE_TAGS.publicAnnotations(weekly!.id) &&
          t !== CACHE_TAGS.publicAnnotations(9999),
      ),
    ).toBe(false);
    expect(tags).not.toContain(CACHE_TAGS.allPublicAnnotations);
  });

  it("expires nothing when nothing changed, only concept data when only concepts did, and everything issue-shaped when too much did to name", async () => {
    expect(await tagsForChanges(db(), { changed: [], deleted: [] })).toEqual([]);
    // No issue changed, but the concepts stage rewrote concept data (curation, `npm run concepts`).
    expect(
      await tagsForChanges(db(), { changed: [], deleted: [], conceptRules: true }, { conceptsChanged: true }),
    ).toEqual([CACHE_TAGS.concepts]);
    const many = Array.from({ length: 201 }, (_, i) => i + 1_000_000);
    const tags = await tagsForChanges(db(), { changed: many, deleted: [] });
    expect(tags.sort()).toEqual(
      [CACHE_TAGS.allPublicAnnotations, CACHE_TAGS.concepts, CACHE_TAGS.issueBodies, CACHE_TAGS.issueList].sort(),
    );
  });
});

describe("how the tools reach the running app", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-cache-"));
    vi.stubEnv("CONCORDANCE_DATA_DIR", dir);
    vi.stubEnv("REVALIDATE_SECRET", undefined);
    vi.stubEnv("CONCORDANCE_APP_URL", undefined);
    resetEnvCache();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shares a generated secret through the data directory, readable by its owner only", () => {
    const secret = getRevalidateSecret();
    expect(secret).toMatch(/^[\w-]{40,}$/);
    expect(getRevalidateSecret()).toBe(secret);
    expect(fs.statSync(path.join(dir, "revalidate-secret")).mode & 0o777).toBe(0o600);
    expect(isRevalidateSecret(secret)).toBe(true);
    expect(isRevalidateSecret(`${secret}x`)).toBe(false);
    expect(isRevalidateSecret("")).toBe(false);

    vi.stubEnv("REVALIDATE_SECRET", "configured-secret-value");
    resetEnvCache();
    expect(getRevalidateSecret()).toBe("configured-secret-value");
    expect(isRevalidateSecret(secret)).toBe(false);
  });

  it("finds the app from its lock in the data directory, only while its process lives", () => {
    expect(findRunningApp()).toBeUndefined();
    fs.mkdirSync(path.join(dir, "locks"));
    const lock = path.join(dir, "locks", "app.json");
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, port: "3999" }));
    expect(findRunningApp()).toBe("http://127.0.0.1:3999");
    // A pid no process has (the kernel's limit is far below it).
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, port: "3999" }));
    expect(findRunningApp()).toBeUndefined();

    vi.stubEnv("CONCORDANCE_APP_URL", "https://kb.example.org/");
    resetEnvCache();
    expect(findRunningApp()).toBe("https://kb.example.org");
  });
});
