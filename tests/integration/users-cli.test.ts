/**
 * `npm run users` as an operator runs it, in a child process against this
 * file's test database: list with roles and reasons, grant and revoke the
 * author role, end an account's sessions, and clear errors.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createPasswordUser } from "@/lib/auth/credentials";
import { useTestDatabase } from "../helpers/db";
import { outputOf, type Run } from "../helpers/process";

const { db, url } = useTestDatabase();

function users_(args: string[]): Promise<Run> {
  return outputOf(
    spawn("npm", ["run", "-s", "users", "--", ...args], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, DATABASE_URL: url(), AUTHOR_EMAILS: "editor@example.org", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

beforeAll(async () => {
  await createPasswordUser(db(), {
    name: "The Editor",
    email: "editor@example.org",
    password: "orchard lantern quietly",
  });
  await createPasswordUser(db(), { name: "Rita", email: "rita@example.org", password: "orchard lantern quietly" });
});

describe("npm run users", () => {
  it("lists accounts with their role and why; an unverified AUTHOR_EMAILS address is a reader", async () => {
    const run = await users_(["list"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+CREATED\s+ADDRESS\s+ROLE\s+WHY$/);
    const editor = lines.find((l) => l.startsWith("editor@example.org"))!;
    expect(editor).toMatch(/unverified\s+reader\s+in AUTHOR_EMAILS but the address isn't verified/);
    expect(lines.find((l) => l.startsWith("rita@example.org"))).toMatch(/\breader\s*$/);
  }, 60_000);

  it("grant-author gives the role, revoke-author takes it away (AUTHOR_EMAILS notwithstanding)", async () => {
    const grant = await users_(["grant-author", "Editor@Example.org"]);
    expect(grant.code).toBe(0);
    expect(grant.stderr).toContain("editor@example.org is now an author (granted with grant-author).");
    const listed = JSON.parse((await users_(["list", "--json"])).stdout) as {
      email: string;
      role: string;
      reason: string;
    }[];
    expect(listed.find((a) => a.email === "editor@example.org")).toMatchObject({ role: "author", reason: "granted" });

    await db().update(users).set({ emailVerified: new Date() }).where(eq(users.email, "editor@example.org"));
    const revoke = await users_(["revoke-author", "editor@example.org"]);
    expect(revoke.code).toBe(0);
    expect(revoke.stderr).toContain("editor@example.org is now a reader (revoked with revoke-author).");
    const [row] = await db().select().from(users).where(eq(users.email, "editor@example.org"));
    expect(row!.roleGrant).toBe("reader");
  }, 60_000);

  it("sign-out ends every session; an unknown email is a clear error (exit 2)", async () => {
    const [before] = await db().select().from(users).where(eq(users.email, "rita@example.org"));
    const out = await users_(["sign-out", "rita@example.org"]);
    expect(out.code).toBe(0);
    const [after] = await db().select().from(users).where(eq(users.email, "rita@example.org"));
    expect(after!.sessionVersion).toBe(before!.sessionVersion + 1);

    const unknown = await users_(["grant-author", "nobody@example.org"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: No account with the email nobody@example.org.");
  }, 60_000);
});
