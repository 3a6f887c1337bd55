import { describe, expect, it } from "vitest";
import { unwrapLink } from "@/lib/ingest/links";

describe("unwrapLink", () => {
  it.each([
    ["https://www.google.com/url?q=https://example.com/a&sa=D", "https://example.com/a"],
    ["https://www.google.com/url?q=https%3A%2F%2Fexample.com%2Fb%3Fx%3D1&sa=D", "https://example.com/b?x=1"],
    [
      "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.com%2Fc&data=abc",
      "https://example.com/c",
    ],
    ["https://www.google.com/meips/ADKq_Nb#https://cdn.example.com/image.png", "https://cdn.example.com/image.png"],
    [
      "https://links.example.net/redirect?url=https%3A%2F%2Fexample.com%2Fd%3Futm_source%3Dmail",
      "https://example.com/d",
    ],
    [
      "https://click.example.net/c/" + Buffer.from("https://example.com/e").toString("base64url"),
      "https://example.com/e",
    ],
  ])("unwraps %s", (href, expected) => {
    expect(unwrapLink(href)).toEqual({ href: expected, kind: "unwrapped" });
  });

  it.each([
    "https://substack.com/redirect/0a1b2c3d-4e5f-6789-abcd-ef0123456789?j=eyJ1IjoiZXhhbXBsZSJ9",
    "https://notes.us1.list-manage.com/track/click?u=abc&id=def",
    "https://u123.ct.sendgrid.net/ls/click?upn=abc",
  ])("drops the opaque tracker %s", (href) => {
    expect(unwrapLink(href)).toEqual({ href: null, kind: "dropped" });
  });

  it("removes analytics parameters and keeps everything else", () => {
    expect(unwrapLink("https://example.com/p/x?utm_source=a&utm_medium=b&page=2#part")).toEqual({
      href: "https://example.com/p/x?page=2#part",
      kind: "cleaned",
    });
    expect(unwrapLink("https://example.com/p/x?utm_campaign=z")).toEqual({
      href: "https://example.com/p/x",
      kind: "cleaned",
    });
  });

  it("leaves ordinary links, mailto and relative links alone", () => {
    for (const href of [
      "https://example.com/search?q=roadmaps",
      "https://example.com/redirect-rules",
      "mailto:me@example.com",
      "/issues/x",
    ]) {
      expect(unwrapLink(href)).toEqual({ href, kind: "kept" });
    }
  });
});
