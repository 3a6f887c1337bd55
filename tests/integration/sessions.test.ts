/**
 * Sessions and roles through Auth.js's own route handlers, as a browser uses
 * them: sign in, copy the session cookie, sign out, and the copy no longer
 * works anywhere; a password change ends every session; the author role needs
 * a proven address or a grant; sign-in redirects stay on this site.
 */
import { NextRequest } from "next/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAnnotations } from "@/app/api/annotations/route";
import { users } from "@/db/schema";
import { GET as authGet, POST as authPost } from "@/lib/auth";
import { grantAuthor, revokeAuthor, signOutEverywhere } from "@/lib/auth/accounts";
import { changePassword, createPasswordUser } from "@/lib/auth/credentials";
import { getRequestUser } from "@/lib/auth/session";
import { resetEnvCache } from "@/lib/env";
import { TEST_ORIGIN, useTestAuthSecret } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

const { db } = useTestDatabase();
const password = "orchard lantern quietly";

/** A cookie jar for one browser. */
class Browser {
  cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  take(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line) || value === "")
        this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  async get(path: string): Promise<Response> {
    return this.take(await authGet(new NextRequest(`${TEST_ORIGIN}${path}`, { headers: { cookie: this.header() } })));
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    const { csrfToken } = (await (await this.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const body = new URLSearchParams({ ...form, csrfToken });
    return this.take(
      await authPost(
        new NextRequest(`${TEST_ORIGIN}${path}`, {
          method: "POST",
          headers: { cookie: this.header(), "content-type": "application/x-www-form-urlencoded", origin: TEST_ORIGIN },
          body,
        }),
      ),
    );
  }

  async signIn(email: string, pass = password, callbackUrl = "/"): Promise<Response> {
    return this.post("/api/auth/callback/credentials", { email, password: pass, callbackUrl });
  }

  async session(): Promise<{ user?: { name: string; email: string; role: string } } | null> {
    return (await this.get("/api/auth/session")).json();
  }

  /** The same cookies in an API request, as a route handler sees them. */
  apiRequest(path: string): Request {
    return new Request(`${TEST_ORIGIN}${path}`, { headers: { cookie: this.header() } });
  }
}

beforeAll(async () => {
  useTestAuthSecret();
  process.env.AUTHOR_EMAILS = "editor@example.org, second-editor@example.org";
  resetEnvCache();
  await createPasswordUser(db(), { name: "Rita", email: "rita@example.org", password });
  await createPasswordUser(db(), { name: "The Editor", email: "editor@example.org", password });
});

describe("signing out ends the session, copies included", () => {
  it("a copied session cookie stops working after sign-out, for pages and the API", async () => {
    const browser = new Browser();
    const signedIn = await browser.signIn("rita@example.org");
    expect(signedIn.status).toBe(302);
    expect(browser.cookies.has("authjs.session-token")).toBe(true);
    expect((await browser.session())?.user).toMatchObject({ name: "Rita", email: "rita@example.org", role: "reader" });

    const thief = new Browser();
    thief.cookies = new Map(browser.cookies);
    expect((await thief.session())?.user?.email).toBe("rita@example.org");
    expect(await getRequestUser(thief.apiRequest("/api/annotations"))).toMatchObject({ email: "rita@example.org" });

    const out = await browser.post("/api/auth/signout", { callbackUrl: "/" });
    expect(out.status).toBe(302);
    expect(browser.cookies.has("authjs.session-token")).toBe(false);

    expect(await thief.session()).toBeNull();
    expect(await getRequestUser(thief.apiRequest("/api/annotations"))).toBeNull();
    expect((await listAnnotations(thief.apiRequest("/api/annotations?mine=1"), undefined)).status).toBe(401);
  });

  it("signing out on one device leaves the others signed in", async () => {
    const laptop = new Browser();
    const phone = new Browser();
    await laptop.signIn("rita@example.org");
    await phone.signIn("rita@example.org");
    await laptop.post("/api/auth/signout", { callbackUrl: "/" });
    expect(await laptop.session()).toBeNull();
    expect((await phone.session())?.user?.email).toBe("rita@example.org");
  });

  it("a password change, or `users sign-out`, ends every session of the account", async () => {
    const a = new Browser();
    const b = new Browser();
    await a.signIn("rita@example.org");
    await b.signIn("rita@example.org");
    const [rita] = await db().select().from(users).where(eq(users.email, "rita@example.org"));
    await changePassword(db(), rita!.id, "a brand new passphrase");
    expect(await a.session()).toBeNull();
    expect(await getRequestUser(b.apiRequest("/api/annotations"))).toBeNull();
    // The new password works and starts a fresh session; an operator can end it too.
    const c = new Browser();
    expect((await c.signIn("rita@example.org", "a brand new passphrase")).status).toBe(302);
    expect((await c.session())?.user?.email).toBe("rita@example.org");
    await signOutEverywhere(db(), "rita@example.org");
    expect(await c.session()).toBeNull();
  });

  it("a token from before sessions had ids is refused", async () => {
    const { encode } = await import("next-auth/jwt");
    const [rita] = await db().select().from(users).where(eq(users.email, "rita@example.org"));
    const old = await encode({
      token: { sub: rita!.id, email: rita!.email },
      secret: process.env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });
    const browser = new Browser();
    browser.cookies.set("authjs.session-token", old);
    expect(await browser.session()).toBeNull();
  });
});

describe("the author role needs proof of the address", () => {
  it("an account signed up with an AUTHOR_EMAILS address is a reader until it proves the address", async () => {
    const browser = new Browser();
    await browser.signIn("editor@example.org");
    expect((await browser.session())?.user?.role).toBe("reader");
    // Proof: the address was confirmed by an emailed link (Auth.js sets emailVerified).
    await db().update(users).set({ emailVerified: new Date() }).where(eq(users.email, "editor@example.org"));
    expect((await browser.session())?.user?.role).toBe("author");
    expect((await getRequestUser(browser.apiRequest("/api/annotations")))?.role).toBe("author");
  });

  it("an operator grants or revokes the role from the command line, effective on the next request", async () => {
    await createPasswordUser(db(), { name: "Helper", email: "helper@example.org", password });
    const browser = new Browser();
    await browser.signIn("helper@example.org");
    expect((await browser.session())?.user?.role).toBe("reader");
    await grantAuthor(db(), "helper@example.org");
    expect((await browser.session())?.user?.role).toBe("author");
    await revokeAuthor(db(), "helper@example.org");
    expect((await browser.session())?.user?.role).toBe("reader");
    // Revoking beats AUTHOR_EMAILS even for a verified address.
    await revokeAuthor(db(), "editor@example.org");
    const editor = new Browser();
    await editor.signIn("editor@example.org");
    expect((await editor.session())?.user?.role).toBe("reader");
  });
});

describe("sign-in redirects stay on this site", () => {
  for (const callbackUrl of [
    "/\\evil.test",
    "/\t/evil.test",
    "//evil.test",
    "https://evil.test/",
    "/.//evil.test",
    "javascript:alert(1)",
  ]) {
    it(`callbackUrl ${JSON.stringify(callbackUrl)} lands on this origin`, async () => {
      const browser = new Browser();
      const res = await browser.signIn("rita@example.org", "a brand new passphrase", callbackUrl);
      const location = new URL(res.headers.get("location")!, TEST_ORIGIN);
      expect(location.origin).toBe(TEST_ORIGIN);
      expect(location.pathname.startsWith("//")).toBe(false);
    });
  }

  it("a path on this site is kept", async () => {
    const res = await new Browser().signIn("rita@example.org", "a brand new passphrase", "/issues/some-issue?x=1#p3");
    expect(res.headers.get("location")).toBe(`${TEST_ORIGIN}/issues/some-issue?x=1#p3`);
  });
});
