import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { AnswerCache, answerKey, toStoredAnswer } from "@/lib/cache/answers";

const get = (url: string, headers: Record<string, string> = {}) => ({ method: "GET", url, headers });
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const answer = { total: 1, hits: [{ title: "Lighthouse Logbooks" }], degraded: false };
const headers = {
  "content-type": "application/json",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cache-control": "no-store",
  date: "Wed, 02 Dec 2026 12:00:00 GMT",
  "content-length": "80",
};

describe("search answers kept by the server", () => {
  it("are kept for GET and HEAD of /api/search only, and never for a request with credentials", () => {
    expect(answerKey(get("/api/search?q=okrs"))).toBe("/api/search?q=okrs");
    expect(answerKey({ ...get("/api/search?q=okrs"), method: "HEAD" })).toBe("/api/search?q=okrs");
    expect(answerKey({ ...get("/api/search?q=okrs"), method: "POST" })).toBeUndefined();
    expect(answerKey(get("/api/searches?q=okrs"))).toBeUndefined();
    expect(answerKey(get("/api/issues"))).toBeUndefined();
    expect(answerKey(get("/search?q=okrs"))).toBeUndefined();
    expect(answerKey(get("/api/search?q=okrs", { cookie: "authjs.session-token=abc" }))).toBeUndefined();
    expect(answerKey(get("/api/search?q=okrs", { authorization: "Bearer x" }))).toBeUndefined();
    // Auth.js's sign-in cookies say nothing about who asks.
    expect(answerKey(get("/api/search?q=okrs", { cookie: "authjs.csrf-token=abc" }))).toBe("/api/search?q=okrs");
  });

  it("keep Next's headers but not the per-response ones, with a gzip copy", () => {
    const stored = toStoredAnswer(200, headers, json(answer))!;
    expect(Object.fromEntries(stored.headers)).toEqual({
      "content-type": "application/json",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "cache-control": "no-store",
    });
    expect(JSON.parse(gunzipSync(stored.gzip).toString("utf8"))).toEqual(answer);
  });

  it("refuse what must not be shared or isn't worth keeping", () => {
    expect(toStoredAnswer(200, headers, json({ ...answer, degraded: true }))).toBeUndefined();
    expect(toStoredAnswer(200, headers, json({ total: 0, hits: [] }))).toBeUndefined();
    expect(toStoredAnswer(400, headers, json({ error: { code: "bad_request" } }))).toBeUndefined();
    expect(toStoredAnswer(503, headers, json(answer))).toBeUndefined();
    expect(toStoredAnswer(200, { ...headers, "set-cookie": "a=b" }, json(answer))).toBeUndefined();
    expect(toStoredAnswer(200, { ...headers, "content-type": "text/html" }, json(answer))).toBeUndefined();
    expect(toStoredAnswer(200, { ...headers, "content-encoding": "gzip" }, json(answer))).toBeUndefined();
    expect(toStoredAnswer(200, headers, Buffer.from("{not json"))).toBeUndefined();
  });

  it("are filed by index generation: an answer from an older index is never found", () => {
    const cache = new AnswerCache(1024 * 1024);
    cache.set(7, "/api/search?q=okrs", toStoredAnswer(200, headers, json(answer))!);
    expect(cache.get(7, "/api/search?q=okrs")).toBeDefined();
    expect(cache.get(8, "/api/search?q=okrs")).toBeUndefined();
    expect(cache.get(7, "/api/search?q=okr")).toBeUndefined();
  });
});
