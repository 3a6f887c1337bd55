/**
 * Slugs and identity across ingest runs: numbered titles keep their number when
 * the name alone is taken, titles in scripts slugify can't spell get distinct
 * slugs, and a different issue can't take over a stored issue's slug.
 */
import { spawn } from "node:child_process";
import { asc, eq } from "drizzle-orm";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { issueRevisions, issues } from "@/db/schema";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { useTestDatabase } from "../helpers/db";

const { db, url } = useTestDatabase();

/** A fresh folder holding the given files (path relative to it → contents). */
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-slugs-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function bySlug(slug: string) {
  const [row] = await db().select().from(issues).where(eq(issues.slug, slug));
  return row;
}

describe("ingest: numbered titles", () => {
  it("gives a second 'Name #N' its number when the name's slug is another issue's, across runs", async () => {
    const dir = folder({
      "signals-88.md": "# Field Signals #88\n\nWhat the support queue told us this week.\n",
      "signals-89.md": "# Field Signals #89\n\nA week of quiet dashboards and loud customers.\n",
    });
    const first = await ingestPaths(db(), [path.join(dir, "signals-88.md")]);
    expect(first.outcomes[0]).toMatchObject({ status: "new", slug: "field-signals" });

    const second = await ingestPaths(db(), [path.join(dir, "signals-89.md")]);
    expect(second.outcomes[0]).toMatchObject({ status: "new", slug: "field-signals-89" });
    expect(await bySlug("field-signals")).toMatchObject({
      number: 88,
      revision: 1,
      text: "What the support queue told us this week.",
    });
    expect(await bySlug("field-signals-89")).toMatchObject({
      number: 89,
      text: "A week of quiet dashboards and loud customers.",
    });

    // Both again, and again in the other order: nothing moves.
    const again = await ingestPaths(db(), [dir]);
    expect(again.outcomes.map((o) => [o.status, o.slug])).toEqual([
      ["unchanged", "field-signals"],
      ["unchanged", "field-signals-89"],
    ]);
    const reversed = await ingestPaths(db(), [path.join(dir, "signals-89.md"), path.join(dir, "signals-88.md")]);
    expect(reversed.counts).toMatchObject({ unchanged: 2, new: 0, updated: 0, failed: 0 });

    // An edit of #89 updates #89.
    fs.writeFileSync(
      path.join(dir, "signals-89.md"),
      "# Field Signals #89\n\nA week of quiet dashboards and louder customers.\n",
    );
    const edited = await ingestPaths(db(), [dir]);
    expect(edited.outcomes.map((o) => [o.status, o.slug])).toEqual([
      ["unchanged", "field-signals"],
      ["updated", "field-signals-89"],
    ]);
    expect((await bySlug("field-signals"))?.revision).toBe(1);
  });

  it("in one run, the later of two 'Name #N' issues takes the numbered slug; a dry run says the same", async () => {
    const dir = folder({
      "a.md": "# Harbour Notes #3\n\nThe third note from the harbour.\n",
      "b.md": "# Harbour Notes #4\n\nThe fourth note from the harbour.\n",
      "c.md": "# A Title That Stands Alone #7\n\nNothing else shares this title.\n",
    });
    const dry = await ingestPaths(db(), [dir], { dryRun: true });
    const run = await ingestPaths(db(), [dir]);
    for (const summary of [dry, run]) {
      expect(summary.outcomes.map((o) => [o.status, o.slug])).toEqual([
        ["new", "harbour-notes"],
        ["new", "harbour-notes-4"],
        // A numbered title whose name is free keeps the plain slug, as stored slugs always have.
        ["new", "a-title-that-stands-alone"],
      ]);
    }
    expect((await bySlug("harbour-notes-4"))?.number).toBe(4);
  });
});

describe("ingest: titles in scripts without an ASCII spelling", () => {
  it("gives each CJK title its own stable ASCII slug instead of 'issue'", async () => {
    const dir = folder({
      "harbour.md": "# 港の話\n\n港の朝は静かだった。\n",
      "station.md": "# 駅の話\n\n駅はいつも混んでいる。\n",
      "mixed.md": "# Tokyo 港の話\n\n東京の港について。\n",
    });
    const first = await ingestPaths(db(), [dir]);
    expect(first.counts).toMatchObject({ new: 3, failed: 0 });
    const slugs = first.outcomes.map((o) => o.slug!);
    expect(new Set(slugs).size).toBe(3);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugs[0]).toMatch(/^issue-[0-9a-f]{8}$/);
    // What Latin there is stays readable.
    expect(slugs[1]).toMatch(/^tokyo-[0-9a-f]{8}$/);
    expect((await bySlug(slugs[0]!))?.title).toBe("港の話");

    const again = await ingestPaths(db(), [dir]);
    expect(again.outcomes.map((o) => [o.status, o.slug])).toEqual(slugs.map((s) => ["unchanged", s]));
  });
});

describe("ingest: a different issue claiming a stored slug", () => {
  const beaconA =
    "---\ntitle: Beacon\nslug: beacon\nurl: https://a.example.com/beacon\n---\n\nThe original beacon, from site A.\n";
  const beaconB = "---\ntitle: Another Beacon\nslug: beacon\n---\n\nA different piece that copied the slug.\n";

  it("refuses a URL-less issue whose slug is a stored issue's with a URL; writes nothing for it, stores the rest", async () => {
    const dir = folder({
      "srcA/beacon.md": beaconA,
      "srcB/beacon.md": beaconB,
      "srcB/lantern.md": "# Lantern\n\nAn innocent bystander.\n",
    });
    expect((await ingestPaths(db(), [path.join(dir, "srcA")])).counts.new).toBe(1);

    const dry = await ingestPaths(db(), [path.join(dir, "srcB")], { dryRun: true });
    const summary = await ingestPaths(db(), [path.join(dir, "srcB")]);
    for (const s of [dry, summary]) {
      expect(s.counts).toEqual({ new: 1, updated: 0, unchanged: 0, failed: 1 });
      expect(s.outcomes.find((o) => o.status === "failed")).toMatchObject({
        source: path.join(dir, "srcB", "beacon.md"),
        error:
          'slug "beacon" is already taken by https://a.example.com/beacon (give this issue its own slug or url in its frontmatter)',
      });
    }
    const beacon = await bySlug("beacon");
    expect(beacon).toMatchObject({ title: "Beacon", sourceUrl: "https://a.example.com/beacon", revision: 1 });
    expect(await db().select().from(issueRevisions).where(eq(issueRevisions.issueId, beacon!.id))).toHaveLength(1);
    expect(await bySlug("lantern")).toBeDefined();
  });

  it("refuses another file's URL-less issue with a stored URL-less issue's slug, but updates the same file when edited", async () => {
    const dir = folder({
      "one/weekly.md": "# Weekly Review\n\nWhat went well, what didn't.\n",
      "two/weekly.md": "# Weekly Review\n\nA different review that happens to share the title.\n",
    });
    expect((await ingestPaths(db(), [path.join(dir, "one")])).outcomes[0]).toMatchObject({
      status: "new",
      slug: "weekly-review",
    });

    const other = await ingestPaths(db(), [path.join(dir, "two")]);
    expect(other.outcomes[0]).toMatchObject({
      status: "failed",
      error: `slug "weekly-review" is already taken by ${path.join(dir, "one", "weekly.md")} (give this issue its own slug or url in its frontmatter)`,
    });

    fs.writeFileSync(
      path.join(dir, "one", "weekly.md"),
      "# Weekly Review\n\nWhat went well, what didn't, and what we changed.\n",
    );
    // The same file, however its path is spelled.
    const relative = path.relative(process.cwd(), path.join(dir, "one", "weekly.md"));
    const edited = await ingestPaths(db(), [relative]);
    expect(edited.outcomes[0]).toMatchObject({ status: "updated", slug: "weekly-review", revision: 2 });
    expect((await bySlug("weekly-review"))?.text).toBe("What went well, what didn't, and what we changed.");
  });

  it("a renamed file is the same issue once the old one is gone; a copy beside the original is refused, numbered or not", async () => {
    const dir = folder({
      "harbour-12.md": "# Breakwater Notes #12\n\nThe quay was rebuilt this spring.\n",
      "moorings.md": "# Moorings\n\nWhich knots hold in a swell.\n",
    });
    const first = await ingestPaths(db(), [dir]);
    expect(first.counts).toMatchObject({ new: 2 });
    const harbour = await bySlug("breakwater-notes");

    // A copy while the original is still there: another file claiming the same issue's slug.
    fs.copyFileSync(path.join(dir, "harbour-12.md"), path.join(dir, "harbour-12-copy.md"));
    fs.copyFileSync(path.join(dir, "moorings.md"), path.join(dir, "moorings-copy.md"));
    const copies = await ingestPaths(db(), [path.join(dir, "harbour-12-copy.md"), path.join(dir, "moorings-copy.md")]);
    expect(copies.outcomes.map((o) => [o.status, o.error?.replace(/ \(.*$/, "")])).toEqual([
      ["failed", `slug "breakwater-notes" is already taken by ${path.join(dir, "harbour-12.md")}`],
      ["failed", `slug "moorings" is already taken by ${path.join(dir, "moorings.md")}`],
    ]);
    fs.rmSync(path.join(dir, "harbour-12-copy.md"));
    fs.rmSync(path.join(dir, "moorings-copy.md"));

    // Renamed (and edited): the same issue, not a second one.
    fs.renameSync(path.join(dir, "harbour-12.md"), path.join(dir, "2024-05-01-breakwater-notes-12.md"));
    fs.appendFileSync(path.join(dir, "2024-05-01-breakwater-notes-12.md"), "\nAnd the cranes came back.\n");
    fs.renameSync(path.join(dir, "moorings.md"), path.join(dir, "moorings-guide.md"));
    const renamed = await ingestPaths(db(), [dir]);
    expect(renamed.outcomes.map((o) => [o.slug, o.status])).toEqual([
      ["breakwater-notes", "updated"],
      ["moorings", "unchanged"],
    ]);
    const rows = await db().select().from(issues).where(eq(issues.number, 12));
    expect(rows.map((r) => [r.id, r.slug, r.sourcePath])).toEqual([
      [harbour!.id, "breakwater-notes", path.join(dir, "2024-05-01-breakwater-notes-12.md")],
    ]);
  });

  it("a file that gains a url in its frontmatter stays the same issue", async () => {
    const dir = folder({ "note.md": "---\ntitle: Tide Tables\n---\n\nWhen the water comes and goes.\n" });
    await ingestPaths(db(), [dir]);
    fs.writeFileSync(
      path.join(dir, "note.md"),
      "---\ntitle: Tide Tables\nurl: https://tides.example.org/tide-tables\n---\n\nWhen the water comes and goes.\n",
    );
    const summary = await ingestPaths(db(), [dir]);
    expect(summary.outcomes[0]).toMatchObject({ status: "updated", slug: "tide-tables", revision: 2 });
    const rows = await db().select().from(issues).where(eq(issues.title, "Tide Tables")).orderBy(asc(issues.id));
    expect(rows.map((r) => r.sourceUrl)).toEqual(["https://tides.example.org/tide-tables"]);
  });

  it("npm run ingest exits 1 with one line naming the file and the reason", async () => {
    const dir = folder({
      "srcA/beacon.md": beaconA.replace(/beacon/g, "flare"),
      "srcB/beacon.md": beaconB.replace(/beacon/g, "flare"),
    });
    await ingestPaths(db(), [path.join(dir, "srcA")]);
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn("npm", ["run", "-s", "ingest", "--", path.join(dir, "srcB")], {
        cwd: path.join(__dirname, "..", ".."),
        env: { ...process.env, DATABASE_URL: url(), FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(run.code).toBe(1);
    const lines = run.out.split("\n").filter((l) => l.includes('slug "flare" is already taken'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path.join(dir, "srcB", "beacon.md"));
    expect(await bySlug("flare")).toMatchObject({
      title: "Beacon",
      sourceUrl: "https://a.example.com/flare",
      revision: 1,
    });
    // A second Node process loading the ingest pipeline: 30 s was not enough at load 17 on 2 cores.
  }, 120_000);
});
