import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pageContentSecurityPolicy, withoutNonce } from "@/lib/cache/csp";
import { PageCache, pageCacheKey, toStoredPage, type StoredPage } from "@/lib/cache/html";

const NONCE = "q1W2e3R4t5Y6u7I8o9P0aA==";
const sha = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

const page = (body: string): string =>
  `<!DOCTYPE html><html><head><link rel="preload" as="script" nonce="${NONCE}" href="/_next/static/a.js"/>` +
  `<style nonce="${NONCE}">.x{color:red}</style><script src="/_next/static/b.js" async="" nonce="${NONCE}"></script></head>` +
  `<body>${body}<script nonce="${NONCE}">self.__next_f.push([1,"caf\u00e9 \\u003c/script"])</script>` +
  `<script type="application/ld+json">{"a":1}</script><script nonce="${NONCE}">self.__next_f.push([2,"${NONCE}"])</script></body></html>`;

function rendered(body: string, headers: Record<string, string | string[]> = {}) {
  return {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": pageContentSecurityPolicy(
        { nonce: NONCE },
        { dev: false, https: false, github: false },
      ),
      "x-frame-options": "DENY",
      link: `</_next/static/a.css>; rel=preload; as="style"; nonce="${NONCE}"`,
      date: "Tue, 01 Dec 2026 21:00:00 GMT",
      ...headers,
    },
    body: Buffer.from(page(body)),
  };
}

describe("a page made shareable", () => {
  it("loses every copy of the nonce and lists the hash of exactly each inline script and style", () => {
    const { html, scriptHashes, styleHashes } = withoutNonce(page("<p>hello</p>"), NONCE);
    expect(html).not.toContain(NONCE);
    expect(html).not.toContain("nonce=");
    expect(html).toContain('<script src="/_next/static/b.js" async=""></script>');
    // Hashes of the text as it stands once the nonce is gone (the second push held the nonce).
    expect(scriptHashes).toEqual([
      sha('self.__next_f.push([1,"café \\u003c/script"])'),
      sha('self.__next_f.push([2,""])'),
    ]);
    expect(styleHashes).toEqual([sha(".x{color:red}")]);
  });

  it("gets a policy with those hashes, 'self' for the chunks, no nonce, and every other directive unchanged", () => {
    const options = { dev: false, https: true, github: true };
    const hashed = pageContentSecurityPolicy({ scriptHashes: ["sha256-AAA="], styleHashes: ["sha256-BBB="] }, options);
    const nonced = pageContentSecurityPolicy({ nonce: NONCE }, options);
    const directives = (p: string) => new Map(p.split("; ").map((d) => [d.split(" ")[0], d] as const));
    const [a, b] = [directives(hashed), directives(nonced)];
    expect(a.get("script-src")).toBe("script-src 'self' 'sha256-AAA='");
    expect(a.get("style-src")).toBe("style-src 'self' 'sha256-BBB='");
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, d] of a) if (name !== "script-src" && name !== "style-src") expect(d).toBe(b.get(name));
    expect(hashed).not.toMatch(/nonce|unsafe-inline'(?! *;? *img)|strict-dynamic/);
  });

  it("is stored only for a 200 of HTML without cookies and with the nonce policy", () => {
    const stored = toStoredPage(rendered("<p>ok</p>"))!;
    expect(stored).toBeDefined();
    expect(stored.body.toString()).not.toContain(NONCE);
    expect(gunzipSync(stored.gzip).equals(stored.body)).toBe(true);
    expect(Object.fromEntries(stored.headers)).toEqual({
      "content-type": "text/html; charset=utf-8",
      "x-frame-options": "DENY",
      link: '</_next/static/a.css>; rel=preload; as="style"',
    });
    expect(toStoredPage({ ...rendered("<p>x</p>"), status: 404 })).toBeUndefined();
    expect(toStoredPage(rendered("<p>x</p>", { "set-cookie": ["a=b"] }))).toBeUndefined();
    expect(toStoredPage(rendered("<p>x</p>", { "content-type": "application/json" }))).toBeUndefined();
    expect(toStoredPage(rendered("<p>x</p>", { "content-encoding": "gzip" }))).toBeUndefined();
    expect(toStoredPage(rendered("<p>x</p>", { "content-security-policy": "default-src 'self'" }))).toBeUndefined();
  });
});

describe("which requests a stored page may answer", () => {
  const get = (url: string, headers: Record<string, string> = {}) =>
    pageCacheKey({ method: "GET", url, headers: { host: "kb.example", ...headers } });

  it("keys the readers' pages by their whole address, query included", () => {
    expect(get("/")).toBe("http://kb.example/");
    expect(get("/issues?year=2020&page=2")).toBe("http://kb.example/issues?year=2020&page=2");
    expect(get("/issues?year=2021")).not.toBe(get("/issues?year=2020"));
    expect(get("/concepts/feature-factory", { "x-forwarded-proto": "https" })).toBe(
      "https://kb.example/concepts/feature-factory",
    );
    expect(get("/issues/a", { host: "other.example" })).not.toBe(get("/issues/a"));
    expect(pageCacheKey({ method: "HEAD", url: "/issues", headers: {} })).toBeDefined();
    // Crawlers get their own copy (Next renders metadata differently for them).
    const browser = get("/issues", { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36" });
    const crawler = get("/issues", {
      "user-agent": "Mozilla/5.0 (compatible; Bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    });
    expect(browser).toBe("http://kb.example/issues");
    expect(crawler).toBeDefined();
    expect(crawler).not.toBe(browser);
  });

  it("leaves everything else to Next", () => {
    for (const url of [
      "/api/search?q=x",
      "/admin",
      "/me/annotations",
      "/login",
      "/signup",
      "/search?q=roadmap",
      "/issues/a/b",
      "/_next/static/x.js",
      "/issues?_rsc=1",
    ]) {
      expect(get(url), url).toBeUndefined();
    }
    expect(pageCacheKey({ method: "POST", url: "/issues", headers: {} })).toBeUndefined();
    expect(get("/issues", { cookie: "authjs.session-token=abc" })).toBeUndefined();
    expect(get("/issues", { cookie: "authjs.session-token.0=abc" })).toBeUndefined();
    expect(get("/issues", { cookie: "__Secure-authjs.session-token=abc" })).toBeUndefined();
    expect(get("/issues", { cookie: "someone-else=1" })).toBeUndefined();
    expect(get("/issues", { authorization: "Bearer x" })).toBeUndefined();
    expect(get("/issues", { rsc: "1" })).toBeUndefined();
    expect(get("/issues", { "next-router-prefetch": "1" })).toBeUndefined();
    expect(get("/issues", { "next-action": "abc" })).toBeUndefined();
    // A sign-in started and abandoned leaves only Auth.js's bookkeeping, which no page reads.
    expect(get("/issues", { cookie: "authjs.csrf-token=x; authjs.callback-url=y" })).toBe("http://kb.example/issues");
  });
});

describe("the page cache", () => {
  const stored = (kb: number): StoredPage => ({
    headers: [["content-type", "text/html"]],
    body: Buffer.alloc(kb * 1024, 97),
    gzip: Buffer.alloc(64),
    scriptHashes: [],
    styleHashes: [],
  });

  it("stays within its bytes, dropping the least recently served page first", () => {
    const cache = new PageCache(100 * 1024);
    for (const key of ["a", "b", "c"]) expect(cache.set(key, stored(30), cache.begin())).toBe(true);
    expect(cache.get("a")).toBeDefined(); // a is now the most recently served
    expect(cache.set("d", stored(30), cache.begin())).toBe(true);
    expect(cache.bytes).toBeLessThanOrEqual(100 * 1024);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    // Larger than the whole cache: never kept.
    expect(cache.set("huge", stored(200), cache.begin())).toBe(false);
  });

  it("drops everything on an expiry, and refuses a page whose render began before it", () => {
    const cache = new PageCache(1024 * 1024);
    const before = cache.begin();
    cache.set("a", stored(1), before);
    cache.dropAll();
    expect(cache.size).toBe(0);
    expect(cache.set("b", stored(1), before)).toBe(false);
    expect(cache.set("b", stored(1), cache.begin())).toBe(true);
  });

  it("re-renders pages after their age runs out", async () => {
    const cache = new PageCache(1024 * 1024, 30);
    cache.set("a", stored(1), cache.begin());
    expect(cache.get("a")).toBeDefined();
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.get("a")).toBeUndefined();
  });
});
