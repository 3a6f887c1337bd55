import { describe, expect, it } from "vitest";
import { EnvError, checkServerEnv, parseEnv } from "@/lib/env";

function reasons(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).reasons;
  }
  throw new Error("expected the environment to be refused");
}

describe("the environment", () => {
  it("accepts URLs of the right kind, and blank as unset", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://kb:secret@db.internal:5432/kb",
      MEILI_HOST: "http://127.0.0.1:7700",
      AUTH_URL: "https://kb.example.org",
      NEXTAUTH_URL: "",
      SMTP_URL: "smtps://mailer:pw@mail.example.org:465",
      CONCORDANCE_APP_URL: " ",
    });
    expect(env).toMatchObject({
      DATABASE_URL: "postgresql://kb:secret@db.internal:5432/kb",
      MEILI_HOST: "http://127.0.0.1:7700",
      SMTP_URL: "smtps://mailer:pw@mail.example.org:465",
    });
    expect(env.NEXTAUTH_URL).toBeUndefined();
    expect(env.CONCORDANCE_APP_URL).toBeUndefined();
  });

  it("accepts a Postgres URL naming several hosts, as the driver does, and still checks its scheme", () => {
    const several = "postgres://kb:secret@db1.internal:5432,db2.internal:5433/kb?target_session_attrs=read-write";
    expect(parseEnv({ DATABASE_URL: several }).DATABASE_URL).toBe(several);
    expect(reasons(() => parseEnv({ DATABASE_URL: "mysql://kb@db1.internal,db2.internal/kb" }))[0]).toMatch(
      /^DATABASE_URL: must start with postgres:\/\//,
    );
  });

  it("checks the site's addresses too, so a bad one stops the server at start rather than every page", () => {
    const found = reasons(() =>
      parseEnv({
        SITE_URL: "kb.example.org",
        SITE_HOME_URL: "https://newsletter.example.org",
        SITE_SUBSCRIBE_URL: "mailto:me@example.org",
      }),
    );
    expect(found.map((r) => r.split(":")[0]).sort()).toEqual(["SITE_SUBSCRIBE_URL", "SITE_URL"]);
  });

  it("names every variable that isn't a URL of its kind, without repeating its value", () => {
    const found = reasons(() =>
      parseEnv({
        DATABASE_URL: "mysql://root:hunter2@localhost/kb",
        MEILI_HOST: "localhost:7700",
        AUTH_URL: "kb.example.org",
        NEXTAUTH_URL: "ftp://kb.example.org",
        SMTP_URL: "mail.example.org with password hunter2",
        CONCORDANCE_APP_URL: "http//localhost:3000",
      }),
    );
    const about = (name: string) => found.find((r) => r.startsWith(`${name}: `));
    expect(found.map((r) => r.split(":")[0]).sort()).toEqual([
      "AUTH_URL",
      "CONCORDANCE_APP_URL",
      "DATABASE_URL",
      "MEILI_HOST",
      "NEXTAUTH_URL",
      "SMTP_URL",
    ]);
    expect(about("DATABASE_URL")).toBe(
      "DATABASE_URL: must start with postgres:// or postgresql:// (e.g. postgres://user:password@localhost:5432/concordance)",
    );
    expect(about("MEILI_HOST")).toMatch(/^MEILI_HOST: must start with http:\/\/ or https:\/\//);
    expect(about("AUTH_URL")).toMatch(/^AUTH_URL: is not a URL/);
    expect(about("SMTP_URL")).toMatch(/^SMTP_URL: is not a URL/);
    expect(found.join("\n")).not.toContain("hunter2");
  });

  it("requires AUTH_SECRET when the server runs in production, not in development or tests", () => {
    expect(reasons(() => checkServerEnv({ NODE_ENV: "production" }))).toEqual([
      expect.stringMatching(/^AUTH_SECRET: is required in production/),
    ]);
    expect(reasons(() => checkServerEnv({ NODE_ENV: "production", AUTH_SECRET: "  " }))[0]).toMatch(/^AUTH_SECRET: /);
    expect(checkServerEnv({ NODE_ENV: "production", AUTH_SECRET: "a generated secret" }).AUTH_SECRET).toBe(
      "a generated secret",
    );
    expect(checkServerEnv({ NODE_ENV: "development" }).AUTH_SECRET).toBeUndefined();
    expect(checkServerEnv({}).AUTH_SECRET).toBeUndefined();
  });

  it("refuses a bad URL at server start as everywhere else", () => {
    expect(reasons(() => checkServerEnv({ NODE_ENV: "production", AUTH_SECRET: "s", MEILI_HOST: "meili" }))[0]).toMatch(
      /^MEILI_HOST: /,
    );
  });
});
