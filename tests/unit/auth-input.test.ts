import { describe, expect, it } from "vitest";
import { findUrlProblem } from "@/lib/api/text";
import { displayNameSchema, findPasswordProblem } from "@/lib/auth/credentials";
import { safeRedirectUrl, safeReturnPath } from "@/lib/auth/return-path";

describe("safeReturnPath: only paths on this site", () => {
  it.each([
    ["/\\evil.test"],
    ["/%5Cevil.test".replace("%5C", "\\")],
    ["/\t/evil.test"],
    ["/\n/evil.test"],
    ["//evil.test"],
    ["/.//evil.test"],
    ["/..//evil.test"],
    ["https://evil.test/x"],
    ["javascript:alert(1)"],
    ["evil.test"],
    [""],
    ["/" + "a".repeat(3000)],
  ])("%j → /", (value) => {
    expect(safeReturnPath(value)).toBe("/");
  });

  it("keeps paths, queries and fragments on this site, normalised", () => {
    expect(safeReturnPath("/issues/outcomes?x=1#p2")).toBe("/issues/outcomes?x=1#p2");
    expect(safeReturnPath("/me/annotations?tag=a%20b")).toBe("/me/annotations?tag=a%20b");
    expect(safeReturnPath("/a/../admin")).toBe("/admin");
    expect(safeReturnPath(undefined)).toBe("/");
    expect(safeReturnPath(["/x"])).toBe("/");
  });

  it("the Auth.js redirect callback keeps same-origin URLs and drops everything else", () => {
    const base = "https://kb.example.org";
    expect(safeRedirectUrl("/issues/x", base)).toBe("https://kb.example.org/issues/x");
    expect(safeRedirectUrl("https://kb.example.org/me/annotations", base)).toBe(
      "https://kb.example.org/me/annotations",
    );
    expect(safeRedirectUrl("https://evil.test/", base)).toBe(base);
    expect(safeRedirectUrl("/\\evil.test", base)).toBe("https://kb.example.org/");
    expect(safeRedirectUrl("https://kb.example.org//evil.test", base)).toBe("https://kb.example.org/");
  });
});

describe("display names", () => {
  const name = (v: string) => displayNameSchema.safeParse(v);

  it("refuses zero-width, bidi-override and other invisible characters, naming the character", () => {
    for (const [value, cp] of [
      ["Ali\u200Bce", "U+200B"],
      ["Bob\u202Egnp.exe", "U+202E"],
      ["\u2066Eve\u2069", "U+2066"],
      ["Mallory\u00AD", "U+00AD"],
      ["Trent\u2060", "U+2060"],
      ["\u3164", "U+1160"], // NFKC turns the Hangul filler into its jamo form, just as invisible
      ["Zoe\uFE0F", "U+FE0F"],
      ["Ann\u034F", "U+034F"],
    ] as const) {
      const parsed = name(value);
      expect(parsed.success, value).toBe(false);
      expect(parsed.error!.issues[0]!.message).toContain(`(${cp})`);
    }
  });

  it("normalises (NFKC) and collapses spaces; keeps accents, scripts and emoji sequences", () => {
    expect(name("  Ｊｏｈｎ\u00A0  Smith ").data).toBe("John Smith");
    expect(name("Zoë Ångström").data).toBe("Zoë Ångström");
    expect(name("山田 太郎").data).toBe("山田 太郎");
    expect(name("Sam 👩‍💻").success).toBe(true);
    expect(name("Ida ❤️").success).toBe(true);
  });

  it("refuses stacked accents and names without a letter or digit", () => {
    expect(name("Z\u0301\u0302\u0303\u0304\u0305oe").error!.issues[0]!.message).toMatch(/more than three accents/);
    expect(name("...").error!.issues[0]!.message).toMatch(/at least one letter or digit/);
    expect(name(" ").error!.issues[0]!.message).toBe("Enter the name other readers will see.");
  });
});

describe("password strength", () => {
  it("refuses trivially weak passwords of any length with the estimator's advice", () => {
    for (const weak of ["password123", "1234567890", "qwertyuiop", "aaaaaaaaaaaa", "iloveyou12", "p4ssw0rd12"]) {
      expect(findPasswordProblem(weak), weak).toMatch(/^That password is too easy to guess\./);
    }
    expect(findPasswordProblem("password123")).toContain("commonly used password");
  });

  it("refuses a password made of the reader's own name or email", () => {
    expect(findPasswordProblem("ritasmith1990", ["Rita Smith", "ritasmith1990@example.org"])).toMatch(
      /too easy to guess/,
    );
  });

  it("accepts passphrases and random strings", () => {
    expect(findPasswordProblem("orchard lantern quietly")).toBeNull();
    expect(findPasswordProblem("mY9$kL2#pQz")).toBeNull();
    expect(findPasswordProblem("short")).toBe("Use at least 10 characters for the password.");
  });
});

describe("URLs: every path segment and query component must be UTF-8 without controls", () => {
  const problem = (path: string) => findUrlProblem(new URL(path, "http://localhost"));

  it("refuses NUL, control characters and bytes that aren't UTF-8", () => {
    expect(problem("/api/issues/a%00b")).toBe("The address contains a NUL character (U+0000).");
    expect(problem("/api/issues/%FF")).toBe("The address contains bytes that aren't valid UTF-8.");
    expect(problem("/api/search?q=%00")).toBe('Query parameter "q" contains a NUL character (U+0000).');
    expect(problem("/api/search?q=%C0%AF")).toBe('Query parameter "q" isn\'t valid UTF-8.');
    expect(problem("/api/search?q=%ED%A0%80")).toBe('Query parameter "q" isn\'t valid UTF-8.');
    expect(problem("/search?q=a%1Bb")).toBe('Query parameter "q" contains a control character (U+001B).');
    expect(problem("/search?%FF=1")).toBe("Query parameter a query parameter isn't valid UTF-8.");
  });

  it("accepts Unicode, reserved characters, line breaks in values and odd-but-valid queries", () => {
    expect(problem("/search?q=%E6%B8%AF%20caf%C3%A9+%F0%9F%98%80&kind=all")).toBeNull();
    expect(problem("/search?q=a%0Ab&&x&=y")).toBeNull();
    expect(problem("/issues/caf%C3%A9")).toBeNull();
  });
});
