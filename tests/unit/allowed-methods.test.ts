import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { AUTH_ROUTE_METHODS, allowedMethods } from "@/lib/api/allowed-methods";

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

  it("reads a dot in a path as a dot, and leaves unknown paths to Next", () => {
    expect(allowedMethods("/api/openapi.json")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/openapiXjson")).toBeNull();
    expect(allowedMethods("/api/nothing-here")).toBeNull();
  });

  it("gives every Auth.js path, documented or not, the methods its catch-all route exports", () => {
    const route = fs.readFileSync("app/api/auth/[...nextauth]/route.ts", "utf8");
    const exported = /export\s*\{([^}]*)\}/
      .exec(route)![1]!
      .split(",")
      .map((name) => name.trim());
    expect(exported.sort()).toEqual([...AUTH_ROUTE_METHODS].sort());
    for (const path of ["/api/auth/session", "/api/auth/callback/credentials", "/api/auth/signin"])
      expect(allowedMethods(path)).toEqual(["GET", "POST", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/auth/")).toBeNull();
  });
});
