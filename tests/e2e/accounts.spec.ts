// Against the mail server (playwright.config.ts): its SMTP_URL points at the SMTP server this spec starts
// on loopback, so every email the site sends (sign-up confirmations, password resets) arrives here.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkIn, startSmtp, type ReceivedMail, type TestSmtp } from "../helpers/smtp";
import { tapHighlight } from "./touch";
import { PASSWORD } from "./users";

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const NEW_PASSWORD = "lantern orchard quietly drifting";
const run = Date.now().toString(36);
let smtp: TestSmtp;
// Each test signs readers up by email and signs them in (argon2): more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

test.beforeAll(async () => {
  smtp = await startSmtp(Number(process.env.CONCORDANCE_E2E_SMTP_PORT));
});

test.afterAll(async () => {
  await smtp?.close();
});

type Person = { name: string; email: string };
const person = (name: string): Person => ({ name, email: `${name.toLowerCase()}-${run}@example.org` });

async function mailFor(email: string, subject: string): Promise<ReceivedMail> {
  await expect
    .poll(() => smtp.inbox.some((m) => m.to === email && m.subject === subject), {
      message: `"${subject}" to ${email}`,
      timeout: 15_000,
    })
    .toBe(true);
  return smtp.inbox.filter((m) => m.to === email && m.subject === subject).at(-1)!;
}

/** Sign up through the forms; with email configured the account exists once the emailed link is confirmed. */
async function signUp(page: Page, who: Person): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // The answer waits for the password's hash and the mail server taking the message: on the mail
  // app's first sign-up, on a loaded machine, that took more than the default 5 s (CI, load 12).
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email", { timeout: 20_000 });
  const link = linkIn(await mailFor(who.email, "Confirm your email to create your account"), "http://");
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ""));
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page.getByRole("banner").getByText(who.name)).toBeVisible();
}

/** The password form of /login (this server also offers email links, with an Email field of their own). */
function signInForm(page: Page) {
  return page.locator("form", { has: page.getByRole("button", { name: "Sign in", exact: true }) });
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  const form = signInForm(page);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("banner").locator(".account-menu summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function noSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, "no horizontal scroll").toBeLessThanOrEqual(innerWidth);
}

async function issueText(page: Page, slug: string): Promise<string> {
  return (await (await page.request.get(`/api/issues/${slug}`)).json()).text as string;
}

/** An annotation made through the API as the page's reader. */
async function annotate(page: Page, slug: string, quote: string, extra: Record<string, unknown>): Promise<string> {
  const text = await issueText(page, slug);
  const start = text.indexOf(quote);
  expect(start, `"${quote}" is in ${slug}`).toBeGreaterThanOrEqual(0);
  const res = await page.request.post("/api/annotations", {
    headers: { origin: new URL(page.url()).origin },
    data: { issue: slug, start, end: start + quote.length, exact: quote, ...extra },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}

async function replyTo(page: Page, id: string, note: string): Promise<void> {
  const res = await page.request.post(`/api/annotations/${id}/replies`, {
    headers: { origin: new URL(page.url()).origin },
    data: { note },
  });
  expect(res.status()).toBe(201);
}

async function newReader(browser: Browser, who: Person, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ ...options, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signUp(page, who);
  return { context, page };
}

test.describe("forgot password, on a phone", () => {
  test.use(phone);

  test("a reset link by email sets a new password once; the answer is the same for an unknown address", async ({
    page,
  }) => {
    const rae = person("Rae");
    await signUp(page, rae);
    await signOut(page);

    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forgot your password?");
    await noSidewaysScroll(page);

    // An address without an account: the same answer, and no email.
    await page.getByLabel("Email").fill(`nobody-${run}@example.org`);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "If an account uses" })).toContainText(
      `If an account uses nobody-${run}@example.org, an email with a link`,
    );

    await page.goto("/login/forgot");
    await page.getByLabel("Email").fill(rae.email.toUpperCase());
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByRole("status").filter({ hasText: "If an account uses" })).toContainText(
      `If an account uses ${rae.email}, an email with a link`,
    );
    const link = linkIn(await mailFor(rae.email, "Reset your password"), "http://");
    expect(smtp.inbox.filter((m) => m.to === `nobody-${run}@example.org`)).toEqual([]);
    const path = link.replace(/^https?:\/\/[^/]+/, "");

    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
    await expect(page.getByRole("main")).toContainText(rae.email);
    await page.getByLabel("New password", { exact: true }).fill("password");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText(/at least 10 characters|too easy to guess/);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page).toHaveURL(/\/me\/account\?changed=1$/);
    await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
    await noSidewaysScroll(page);

    // The link is spent.
    await page.goto(path);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("isn't valid, or it was already used");

    await signOut(page);
    await page.goto("/login");
    await signIn(page, rae.email, PASSWORD);
    await expect(signInForm(page).getByRole("alert")).toHaveText("That email and password don't match an account.");
    await signIn(page, rae.email, NEW_PASSWORD);
    await expect(page.getByRole("banner").getByText(rae.name)).toBeVisible();
  });
});

test("a sign-in link by email: a mistyped address is explained and kept; the emailed link signs the reader in", async ({
  page,
}) => {
  const lin = person("Lin");
  await signUp(page, lin);
  await signOut(page);

  await page.goto("/login");
  const form = page.locator("form", { has: page.getByRole("button", { name: "Email me a sign-in link" }) });
  const typo = lin.email.replace("@", "");
  await form.getByLabel("Email").fill(typo);
  await form.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(form.getByRole("alert")).toContainText(/email/i);
  await expect(form.getByLabel("Email")).toHaveValue(typo);

  await form.getByLabel("Email").fill(lin.email);
  await form.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
  await expect
    .poll(() => smtp.inbox.some((m) => m.to === lin.email && m.subject.startsWith("Sign in to")), {
      message: `a sign-in link to ${lin.email}`,
      timeout: 15_000,
    })
    .toBe(true);
  const mail = smtp.inbox.filter((m) => m.to === lin.email && m.subject.startsWith("Sign in to")).at(-1)!;
  await page.goto(linkIn(mail, "http://").replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByRole("banner").getByText(lin.name)).toBeVisible();
});

test("account settings: a new display name; signing in and out come back to the page", async ({ page }) => {
  const sam = person("Sam");
  await signUp(page, sam);
  await page.goto("/me/account");
  expect(await seriousViolations(page)).toEqual([]);

  const name = page.getByLabel("Display name");
  await expect(name).toHaveValue(sam.name);
  await name.fill("\u202eevil");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(
    page.getByRole("main").getByRole("alert").filter({ hasText: "invisible or text-direction" }),
  ).toBeVisible();
  await name.fill("  Samuel   Quill ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Samuel Quill" })).toBeVisible();
  await expect(page.getByRole("banner").getByText("Samuel Quill")).toBeVisible();

  // Out and back in, from an issue page: the reader lands where they were each time.
  await page.goto("/issues/decision-log");
  await signOut(page);
  await expect(page).toHaveURL(/\/issues\/decision-log$/);
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fissues%2Fdecision-log$/);
  await signIn(page, sam.email, PASSWORD);
  await expect(page).toHaveURL(/\/issues\/decision-log$/);
  await expect(page.getByRole("banner").getByText("Samuel Quill")).toBeVisible();

  // Signing out of a page that needs an account goes home rather than to the sign-in form.
  await page.goto("/me/annotations");
  await signOut(page);
  await expect(page).toHaveURL(/\/$/);
});

test("deleting an account and removing its notes: others' replies stay readable under the passage", async ({
  page,
  browser,
}) => {
  const tia = person("Tia");
  const uma = person("Uma");
  await signUp(page, tia);
  await page.goto("/issues/speed-vs-quality");
  const answered = await annotate(page, "speed-vs-quality", "Small batches are faster", {
    note: `Tia's public note ${run}`,
    visibility: "public",
  });
  await annotate(page, "speed-vs-quality", "explicit budget", { note: `Tia's private note ${run}` });
  const other = await newReader(browser, uma);
  await other.page.goto("/issues/speed-vs-quality");
  await replyTo(other.page, answered, `Uma answers Tia ${run}`);

  await page.goto("/me/account");
  const section = page.getByRole("region", { name: "Delete your account" });
  await expect(section).toContainText("1 private annotation, 1 public one and 0 replies");
  await expect(section.getByRole("link", { name: "Markdown" })).toHaveAttribute(
    "href",
    "/api/annotations?mine=1&format=markdown",
  );
  const exported = await page.request.get("/api/annotations?mine=1&format=markdown");
  expect(await exported.text()).toContain(`Uma answers Tia ${run}`);

  await section.getByLabel("Remove them").check();
  await section.getByLabel("Your password").fill("not my password at all");
  await section.getByRole("button", { name: "Delete my account" }).click();
  await expect(section.getByRole("alert")).toHaveText("That isn't your password. Nothing was deleted.");
  // The choice made stays made.
  await expect(section.getByLabel("Remove them")).toBeChecked();
  await section.getByLabel("Your password").fill(PASSWORD);
  await section.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login\?deleted=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Your account was deleted" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  // The account is gone: its password no longer signs in.
  await signIn(page, tia.email, PASSWORD);
  await expect(signInForm(page).getByRole("alert")).toHaveText("That email and password don't match an account.");

  await other.page.goto("/issues/speed-vs-quality");
  const card = other.page.locator(`#annotation-${answered}`);
  await expect(card).toContainText("Its reader deleted this note");
  await card.getByRole("button", { name: /Deleted note/ }).click();
  await expect(card.locator(".note-reply")).toContainText(`Uma answers Tia ${run}`);
  const body = await (await other.page.request.get("/api/annotations?issue=speed-vs-quality")).text();
  expect(body).not.toContain(`Tia's public note ${run}`);
  expect(body).not.toContain(`Tia's private note ${run}`);
  await other.context.close();
});

test.describe("on a phone", () => {
  test.use(phone);

  test("deleting an account and keeping its public notes without the name", async ({ page, browser }) => {
    const vic = person("Vic");
    const wes = person("Wes");
    await signUp(page, vic);
    await page.goto("/issues/speed-vs-quality");
    const kept = await annotate(page, "speed-vs-quality", "Large batches are slow", {
      note: `Vic's public note ${run}`,
      visibility: "public",
    });
    await annotate(page, "speed-vs-quality", "explicit budget", { note: `Vic's private note ${run}` });
    const other = await newReader(browser, wes, phone);
    await other.page.goto("/issues/speed-vs-quality");
    await replyTo(other.page, kept, `Wes answers Vic ${run}`);

    await page.goto("/me/account");
    await noSidewaysScroll(page);
    expect(await seriousViolations(page)).toEqual([]);
    const section = page.getByRole("region", { name: "Delete your account" });
    // Nothing happens without a choice for the public notes.
    await section.getByLabel("Your password").fill(PASSWORD);
    await section.getByRole("button", { name: "Delete my account" }).click();
    await expect(section.getByRole("alert")).toContainText("Choose what happens to your public annotations");
    await section.getByLabel(/Keep them for other readers/).check();
    await section.getByLabel("Your password").fill(PASSWORD);
    await section.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/login\?deleted=1$/);

    await other.page.goto("/issues/speed-vs-quality");
    await tapHighlight(other.page, kept);
    const sheet = other.page.getByRole("dialog", { name: /Notes? on this passage/ });
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText("A former reader");
    await expect(sheet).toContainText(`Vic's public note ${run}`);
    await expect(sheet).toContainText(`Wes answers Vic ${run}`);
    const body = await (await other.page.request.get("/api/annotations?issue=speed-vs-quality")).text();
    expect(body).not.toContain(`Vic's private note ${run}`);
    expect(body).not.toContain(vic.email);
    await other.context.close();
  });
});
