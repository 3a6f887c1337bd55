import { describe, expect, it } from "vitest";
import { allowedMethods } from "@/lib/api/allowed-methods";

describe("allowedMethods", () => {
  it("reads each path's methods from the OpenAPI document, with HEAD beside GET and OPTIONS everywhere", () => {
    expect(allowedMethods("/api/health")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/annotations")).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/revalidate")).toEqual(["POST", "OPTIONS"]);
  });

  it("matches a path parameter as one segment, whatever it holds", () => {
    expect(allowedMethods("/api/issues/speed-vs-quality")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/annotations/9f0c/replies/77")).toEqual(["GET", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/issues/a/b")).toBeNull();
  });

  it("reads a dot in a path as a dot, and leaves Auth.js's paths and unknown ones to Next", () => {
    expect(allowedMethods("/api/openapi.json")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/openapiXjson")).toBeNull();
    expect(allowedMethods("/api/auth/session")).toBeNull();
    expect(allowedMethods("/api/nothing-here")).toBeNull();
  });
});
