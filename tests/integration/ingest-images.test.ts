/**
 * Images beside the sources: copied into the data directory under their content's hash,
 * with their sizes, served from /media; the ones that can't be found left out and
 * reported (a count in the summary, each with --verbose); tracking pixels dropped.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { getIssueBySlug } from "@/lib/issues/queries";
import { GET as getMedia } from "@/app/media/[name]/route";
import { useTestDatabase } from "../helpers/db";

const { db, url } = useTestDatabase();
const folder = path.join(__dirname, "..", "fixtures", "archive", "with-images");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-images-"));
const mediaDir = path.join(dataDir, "media");

beforeAll(() => {
  process.env.CONCORDANCE_DATA_DIR = dataDir;
  resetEnvCache();
});

afterAll(() => {
  delete process.env.CONCORDANCE_DATA_DIR;
  resetEnvCache();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function imgTags(html: string): string[] {
  return html.match(/<img\b[^>]*>/g) ?? [];
}

describe("images beside the sources", () => {
  it("a dry run measures and reports them but copies nothing", async () => {
    const dry = await ingestPaths(db(), [folder], { dryRun: true });
    expect(dry.counts.new).toBe(2);
    expect(dry.missingImages).toEqual({ images: 4, issues: 2 });
    expect(fs.existsSync(mediaDir)).toBe(false);
  });

  it("copies found images once, with their sizes, and leaves out and reports the missing ones", async () => {
    const summary = await ingestPaths(db(), [folder]);
    expect(summary.counts).toEqual({ new: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(summary.missingImages).toEqual({ images: 4, issues: 2 });

    const post = summary.outcomes.find((o) => o.source.endsWith("reading-the-tides.md"));
    expect(post?.missingImages).toEqual([
      "../images/old-quay.jpg",
      "../images/missing%20photo.png",
      "../images/not-an-image.png",
    ]);
    const page = summary.outcomes.find((o) => o.source.endsWith("harbour-page.html"));
    expect(page?.missingImages).toEqual(["page_files/boats.jpg"]);

    // One copy per distinct picture, named by its content.
    const copies = fs.readdirSync(mediaDir).sort();
    expect(copies).toHaveLength(2);
    expect(copies.every((f) => /^[0-9a-f]{20}\.(png|gif)$/.test(f))).toBe(true);
    const png = copies.find((f) => f.endsWith(".png"))!;
    expect(fs.readFileSync(path.join(mediaDir, png))).toEqual(
      fs.readFileSync(path.join(folder, "images", "tide-chart.png")),
    );

    const tides = await getIssueBySlug(db(), "reading-the-tides");
    const tags = imgTags(tides!.html);
    expect(tags).toHaveLength(3);
    expect(tags[0]).toBe(
      `<img src="/media/${png}" alt="A week of tides at the north quay" width="40" height="30" loading="lazy" decoding="async">`,
    );
    expect(tags[1]).toContain(`src="/media/${png}"`);
    // A remote image stays remote, and is asked for without a referrer.
    expect(tags[2]).toBe(
      `<img src="https://images.example.org/buoy.png" alt="A buoy" loading="lazy" decoding="async" referrerpolicy="no-referrer">`,
    );
    expect(tides!.html).not.toMatch(/old-quay|missing|not-an-image|\.\.\/images/);

    const harbour = await getIssueBySlug(db(), "the-harbour-at-dawn");
    const harbourTags = imgTags(harbour!.html);
    // The copied GIF with its size; the missing JPEG and both tracking pixels gone.
    expect(harbourTags).toEqual([
      expect.stringMatching(/^<img src="\/media\/[0-9a-f]{20}\.gif" alt="The harbour" width="5" height="3" /),
    ]);
    expect(harbour!.html).not.toMatch(/pixel|example-mailer|boats/);
  });

  it("serves a copy with its type, cached for good; anything else is a 404", async () => {
    const png = fs.readdirSync(mediaDir).find((f) => f.endsWith(".png"))!;
    const res = await getMedia(new Request(`http://localhost/media/${png}`), {
      params: Promise.resolve({ name: png }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fs.readFileSync(path.join(mediaDir, png)));

    for (const name of ["../auth-secret", "0123456789abcdef0123.png", "x.txt", "..%2Fmedia"]) {
      const missing = await getMedia(new Request(`http://localhost/media/x`), { params: Promise.resolve({ name }) });
      expect(missing.status, name).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("npm run ingest says how many images are missing, and which with --verbose", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn("npm", ["run", "-s", "ingest", "--", ...args], {
          cwd: path.join(__dirname, "..", ".."),
          env: { ...process.env, DATABASE_URL: url(), CONCORDANCE_DATA_DIR: dataDir, FORCE_COLOR: "0" },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const plain = await run([folder, "--dry-run"]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain(
      "4 images in 2 issues could not be found beside their sources and were left out (--verbose lists them).",
    );
    expect(plain.stderr).not.toContain("image not found");
    const verbose = await run([folder, "--dry-run", "--verbose"]);
    expect(verbose.stderr).toMatch(/image not found: \.\.\/images\/old-quay\.jpg/);
    expect(verbose.stderr).toMatch(/image not found: page_files\/boats\.jpg/);
  }, 60_000);
});
