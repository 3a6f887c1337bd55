import { describe, expect, it } from "vitest";
import { sanitizeIssueHtml } from "@/lib/ingest/clean";

describe("sanitizeIssueHtml", () => {
  it("removes scripts, iframes, event handlers and inline styles", () => {
    const out = sanitizeIssueHtml(
      `<p onclick="x()" style="color:red">Hi<script>alert(1)</script></p><iframe src="https://e.example"></iframe><img src="https://e.example/a.png" onerror="x()">`,
    );
    expect(out).not.toMatch(/script|iframe|onclick|onerror|style=/i);
    expect(out).toContain("<p>Hi</p>");
  });

  it("drops javascript: links but keeps their text", () => {
    expect(sanitizeIssueHtml(`<p><a href="javascript:alert(1)">click</a> me</p>`)).toBe("<p><a>click</a> me</p>");
  });

  it("opens external links safely and leaves internal ones alone", () => {
    const out = sanitizeIssueHtml(
      `<p><a href="https://example.net/x">out</a> <a href="/issues/y" target="_blank">in</a></p>`,
    );
    expect(out).toContain(`<a href="https://example.net/x" rel="noopener noreferrer" target="_blank">out</a>`);
    expect(out).toContain(`<a href="/issues/y">in</a>`);
  });

  it("keeps alt text on images and demotes h1 to h2; images load lazily, and external ones send no referrer", () => {
    expect(sanitizeIssueHtml(`<h1>T</h1><img src="https://e.example/a.png" alt="A chart">`)).toBe(
      `<h2>T</h2><img src="https://e.example/a.png" alt="A chart" loading="lazy" decoding="async" referrerpolicy="no-referrer" />`,
    );
    // A copied image is this site's own: it keeps its referrer.
    expect(sanitizeIssueHtml(`<img src="/media/0123456789abcdef0123.png" width="640" height="480">`)).toBe(
      `<img src="/media/0123456789abcdef0123.png" width="640" height="480" alt="" loading="lazy" decoding="async" />`,
    );
  });
});
