import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { requestOrigin } from "@/lib/api/same-origin";
import { pageCacheKey } from "@/lib/cache/html";
import { firstForwarded, forwardedHttps } from "@/lib/forwarded";
import { proxy } from "@/proxy";

// A chain of proxies: the first entry is what the client's own connection used.
const CHAIN = { "x-forwarded-proto": "https, http", "x-forwarded-host": "notes.example.org, 10.0.0.5" };

describe("X-Forwarded-* headers", () => {
  it("are read by their first entry, whatever shape Node or fetch gives them", () => {
    expect(firstForwarded(" https , http")).toBe("https");
    expect(firstForwarded(["https, http", "http"])).toBe("https");
    expect(firstForwarded("")).toBeUndefined();
    expect(firstForwarded(null)).toBeUndefined();
    expect(forwardedHttps("HTTPS")).toBe(true);
    expect(forwardedHttps("http, https")).toBe(false);
    expect(forwardedHttps(undefined)).toBe(false);
  });

  it("mean the same scheme to the page policy, the page cache and the same-origin check", () => {
    const csp = (headers: Record<string, string>) =>
      proxy(new NextRequest("http://localhost:3000/issues", { headers })).headers.get("content-security-policy");
    expect(csp(CHAIN)).toContain("upgrade-insecure-requests");
    expect(csp({ "x-forwarded-proto": "http, https" })).not.toContain("upgrade-insecure-requests");

    expect(pageCacheKey({ method: "GET", url: "/issues", headers: { host: "localhost:3000", ...CHAIN } })).toBe(
      "https://notes.example.org/issues",
    );
    expect(
      requestOrigin(new Request("http://localhost:3000/api/x", { headers: { host: "localhost:3000", ...CHAIN } })),
    ).toBe("https://notes.example.org");
  });
});
