/**
 * Following and sharing the archive: Atom feeds of issues (all, and per concept) that a
 * feed library parses, the sitemap and robots.txt, all under the site's own name and
 * address as the author configured them (concordance.json and SITE_* variables).
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as conceptFeed } from "@/app/concepts/[slug]/feed.xml/route";
import { GET as siteFeed } from "@/app/feed.xml/route";
import robots from "@/app/robots";
import sitemap from "@/app/sitemap";
import { resetEnvCache } from "@/lib/env";
import { ingestPaths } from "@/lib/ingest/pipeline";
import { withdrawIssue } from "@/lib/issues/archive";
import { runDerivedStages } from "@/lib/ingest/stages";
import { getSite, resetSiteCache } from "@/lib/site";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const folder = path.join(__dirname, "..", "fixtures", "archive", "field-notes");
const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-site-"));
const configFile = path.join(configDir, "concordance.json");

function configure(env: Record<string, string | undefined>, file?: unknown): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (file !== undefined) fs.writeFileSync(configFile, typeof file === "string" ? file : JSON.stringify(file));
  resetEnvCache();
  resetSiteCache();
}

const SITE_VARS = [
  "SITE_NAME",
  "SITE_DESCRIPTION",
  "SITE_AUTHOR",
  "SITE_URL",
  "SITE_HOME_URL",
  "SITE_SUBSCRIBE_URL",
  "CONCORDANCE_CONFIG",
];

beforeAll(async () => {
  configure(
    { CONCORDANCE_CONFIG: configFile, SITE_URL: "https://notes.example.net" },
    {
      name: "Field Notes",
      description: "Notes on queues and slack.",
      author: "Ada Example",
      homeUrl: "https://field-notes.example.net",
      subscribeUrl: "https://field-notes.example.net/subscribe",
    },
  );
  await ingestPaths(db(), [folder]);
});

afterAll(() => {
  configure(Object.fromEntries(SITE_VARS.map((k) => [k, undefined])));
  fs.rmSync(configDir, { recursive: true, force: true });
});

describe("site settings", () => {
  it("come from the config file, with SITE_* variables winning", () => {
    expect(getSite()).toMatchObject({
      name: "Field Notes",
      author: "Ada Example",
      url: "https://notes.example.net",
      subscribeUrl: "https://field-notes.example.net/subscribe",
    });
    configure({ SITE_NAME: "Field Notes Archive" });
    expect(getSite().name).toBe("Field Notes Archive");
    configure({ SITE_NAME: undefined });
  });

  it("name a bad setting, and a file that isn't JSON", () => {
    configure({}, { name: "X", homeUrl: "ftp://nope" });
    expect(() => getSite()).toThrow(/homeUrl: must start with http/);
    configure({}, { name: "X", colour: "red" });
    expect(() => getSite()).toThrow(/invalid site settings/);
    configure({}, "{ not json");
    expect(() => getSite()).toThrow(/is not valid JSON/);
    configure(
      {},
      {
        name: "Field Notes",
        description: "Notes on queues and slack.",
        author: "Ada Example",
        homeUrl: "https://field-notes.example.net",
      },
    );
  });

  it("default to Concordance without a file or variables", () => {
    configure({ CONCORDANCE_CONFIG: path.join(configDir, "absent.json"), SITE_URL: undefined });
    expect(() => getSite()).toThrow(/cannot read the site config/);
    configure({ CONCORDANCE_CONFIG: undefined });
    // (the working directory has no concordance.json)
    expect(getSite().name).toBe("Concordance");
    configure({ CONCORDANCE_CONFIG: configFile, SITE_URL: "https://notes.example.net" });
  });
});

describe("Atom feeds", () => {
  it("the site's feed parses as Atom, with absolute links and every issue readers can see", async () => {
    const res = await siteFeed(new Request("http://localhost:3000/feed.xml"), undefined);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const feed = parseFeed(await res.text());
    expect(feed.meta.type).toBe("atom");
    expect(feed.title).toBe("Field Notes");
    expect(feed.url).toBe("https://notes.example.net/");
    expect(feed.authors.map((a) => a.name)).toEqual(["Ada Example"]);
    // Plain objects: the parser's items are classes with private fields.
    const items = feed.items.map((i) => ({
      title: i.title,
      url: i.url,
      id: i.id,
      content: i.content,
      published: i.published,
    }));
    expect(items).toHaveLength(5);
    // Undated issues are new to subscribers when they are added; the dated ones follow, newest first.
    expect(
      items
        .slice(0, 2)
        .map((i) => i.title)
        .sort(),
    ).toEqual(["Field Notes 3: Spending the Slack Budget", "Field Notes 4: When the Queue Wins"]);
    expect(items.slice(2).map((i) => i.title)).toEqual([
      "Notes on Pairing",
      "Field Notes 2: Queues Are Invisible",
      "Field Notes 1: Maps Before Motion",
    ]);
    expect(items[2]!.url).toBe("https://notes.example.net/issues/notes-on-pairing");
    expect(items[0]!.content).toContain("<h2");
    expect(
      items.every((i) => i.published instanceof Date && i.id?.startsWith("https://notes.example.net/issues/")),
    ).toBe(true);
  });

  it("a concept's feed lists the issues about it, and an unknown concept is a 404", async () => {
    const res = await conceptFeed(new Request("http://localhost:3000/concepts/queue-length/feed.xml"), {
      params: Promise.resolve({ slug: "queue-length" }),
    });
    expect(res.status).toBe(200);
    const feed = parseFeed(await res.text());
    expect(feed.title).toBe("Field Notes: new issues about queue length");
    expect(feed.items.length).toBeGreaterThanOrEqual(2);
    expect(feed.items.every((i) => i.url?.startsWith("https://notes.example.net/issues/"))).toBe(true);

    const missing = await conceptFeed(new Request("http://localhost:3000/concepts/nope/feed.xml"), {
      params: Promise.resolve({ slug: "nope" }),
    });
    expect(missing.status).toBe(404);
  });

  it("withdrawn issues leave the feeds and the sitemap", async () => {
    const { changes } = await withdrawIssue(db(), "notes-on-pairing");
    await runDerivedStages(db(), changes);
    const feed = parseFeed(await (await siteFeed(new Request("http://localhost:3000/feed.xml"), undefined)).text());
    expect(feed.items.map((i) => i.url)).not.toContain("https://notes.example.net/issues/notes-on-pairing");
    const urls = (await sitemap()).map((e) => e.url);
    expect(urls).not.toContain("https://notes.example.net/issues/notes-on-pairing");
  });
});

describe("sitemap and robots.txt", () => {
  it("list every issue and concept page under the site's address", async () => {
    const entries = await sitemap();
    const urls = entries.map((e) => e.url);
    expect(urls.slice(0, 3)).toEqual([
      "https://notes.example.net/",
      "https://notes.example.net/issues",
      "https://notes.example.net/concepts",
    ]);
    expect(urls).toContain("https://notes.example.net/issues/1-maps-before-motion");
    expect(urls).toContain("https://notes.example.net/concepts/queue-length");
  });

  it("robots.txt points to the sitemap and keeps crawlers out of accounts and the API", async () => {
    const r = await robots();
    expect(r.sitemap).toBe("https://notes.example.net/sitemap.xml");
    expect(r.rules).toEqual([
      expect.objectContaining({
        userAgent: "*",
        allow: "/",
        disallow: expect.arrayContaining(["/api/", "/admin", "/me/"]),
      }),
    ]);
  });
});
