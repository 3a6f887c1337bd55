import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { assertSameOrigin, requestOrigin } from "@/lib/api/same-origin";

function post(url: string, headers: Record<string, string>) {
  return new Request(url, { method: "POST", headers });
}

describe("requestOrigin", () => {
  it("uses the Host header, or the proxy's forwarded host and scheme", () => {
    expect(requestOrigin(post("http://localhost:3000/api/x", { host: "localhost:3000" }))).toBe(
      "http://localhost:3000",
    );
    expect(
      requestOrigin(
        post("http://10.0.0.5:3000/api/x", {
          host: "10.0.0.5:3000",
          "x-forwarded-host": "notes.example.org",
          "x-forwarded-proto": "https",
        }),
      ),
    ).toBe("https://notes.example.org");
  });
});

describe("assertSameOrigin", () => {
  it("accepts this site's Origin and same-origin fetch metadata", () => {
    expect(() =>
      assertSameOrigin(
        post("http://localhost:3000/api/x", { host: "localhost:3000", origin: "http://localhost:3000" }),
      ),
    ).not.toThrow();
    expect(() =>
      assertSameOrigin(
        post("http://localhost:3000/api/x", { host: "localhost:3000", "sec-fetch-site": "same-origin" }),
      ),
    ).not.toThrow();
  });

  it("rejects another origin, a scheme downgrade, an opaque origin, and requests that say nothing", () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "http://localhost:3000.evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "same-site" },
      {},
    ];
    for (const headers of cases) {
      expect(() =>
        assertSameOrigin(post("http://localhost:3000/api/x", { host: "localhost:3000", ...headers })),
      ).toThrow(ApiError);
    }
    expect(() =>
      assertSameOrigin(
        post("https://notes.example.org/api/x", {
          host: "notes.example.org",
          "x-forwarded-proto": "https",
          origin: "http://notes.example.org",
        }),
      ),
    ).toThrow(ApiError);
  });
});
