/**
 * npm run screenshots [-- --out docs/screenshots] [--issue speed-vs-quality]
 *
 * The README's pictures, made the same way every time: starts the app (the
 * production build; `npm start` builds it first if there is none) on a
 * throw-away data directory with the sample issues, signs two readers up,
 * has them annotate an issue (private and public notes), and writes PNGs of
 * the issue page at 1280 and 390 px (and with a note open in the bottom
 * sheet) and of the search sheet on a phone. The
 * data directory and the server are removed again when it is done, or fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { Command } from "commander";

const program = new Command()
  .name("screenshots")
  .option("-o, --out <dir>", "where to write the PNGs", "docs/screenshots")
  .option("--issue <slug>", "the sample issue to annotate and show", "speed-vs-quality")
  .parse();
const opts = program.opts<{ out: string; issue: string }>();

const say = (line: string) => process.stderr.write(`${line}\n`);
const PASSWORD = "screenshots only, thrown away";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(base: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null)
      throw new Error(`the app stopped while starting (exit ${server.exitCode}); its output is above`);
    try {
      if ((await fetch(`${base}/api/issues`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the app did not answer at ${base} within ${timeoutMs / 1000} s`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
}

async function signUp(browser: Browser, base: string, name: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("banner").getByText(name).waitFor();
  await page.close();
  return context;
}

/** The opening words of the article's paragraphs, to annotate, from the issue's stored text (the page adds its own marks and hints). */
async function passages(page: Page, slug: string): Promise<string[]> {
  const res = await page.request.get(`/api/issues/${slug}`);
  if (!res.ok()) throw new Error(`the issue "${slug}" could not be read: ${res.status()}`);
  const { blocks } = (await res.json()) as { blocks: { kind: string; text: string }[] };
  const paragraphs = blocks.filter((b) => b.kind === "p").map((b) => b.text.trim());
  const picked = paragraphs.filter((t) => t.length > 80).map((t) => t.slice(0, t.lastIndexOf(" ", 70)));
  if (picked.length < 3) throw new Error(`the issue "${slug}" has too few paragraphs to annotate`);
  return [picked[0]!, picked[Math.min(2, picked.length - 1)]!, picked[picked.length - 1]!];
}

async function annotate(context: BrowserContext, base: string, body: Record<string, unknown>): Promise<void> {
  const res = await context.request.post("/api/annotations", { data: body, headers: { origin: base } });
  if (!res.ok()) throw new Error(`annotating failed: ${res.status()} ${await res.text()}`);
}

/** Scroll the first annotated passage to just below the header, and let the layout settle. */
async function showPassage(page: Page, exact: string): Promise<void> {
  await page
    .getByText(exact.slice(0, 40), { exact: false })
    .first()
    .evaluate((el) => {
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 160);
    });
  await page.waitForTimeout(500);
}

async function main(): Promise<void> {
  const out = path.resolve(opts.out);
  fs.mkdirSync(out, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concordance-screenshots-"));
  const port = await freePort();
  const base = `http://localhost:${port}`;
  say(`[1/4] Starting the app on ${base} (data in ${dataDir})…`);
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--port", String(port)], {
    env: { ...process.env, CONCORDANCE_DATA_DIR: dataDir, DATABASE_URL: "", AUTH_SECRET: "", MEILI_HOST: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let browser: Browser | undefined;
  try {
    await waitForServer(base, server, 300_000);
    const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });

    say("[2/4] Signing two readers up and annotating the issue…");
    const ada = await signUp(browser, base, "Ada Reader", "ada@example.org");
    const ben = await signUp(browser, base, "Ben Reader", "ben@example.org");
    const probe = await ada.newPage();
    const [first, second, third] = await passages(probe, opts.issue);
    await probe.close();
    await annotate(ada, base, {
      issue: opts.issue,
      start: 0,
      end: first!.length,
      exact: first,
      visibility: "public",
      tags: ["tradeoffs"],
      note: "The core claim: speed and quality aren't opposites once feedback loops are short.",
    });
    await annotate(ada, base, {
      issue: opts.issue,
      start: 0,
      end: second!.length,
      exact: second,
      visibility: "private",
      tags: ["to-try"],
      note: "Try this with the team at the next retro.",
    });
    await annotate(ben, base, {
      issue: opts.issue,
      start: 0,
      end: third!.length,
      exact: third,
      visibility: "public",
      note: "We measured this: lead time halved after we cut batch sizes.",
    });

    say("[3/4] The issue page at 1280 px and at 390 px…");
    const desktop = await ada.newPage();
    await desktop.goto(`/issues/${opts.issue}`);
    await showPassage(desktop, first!);
    await desktop.screenshot({ path: path.join(out, "issue-desktop.png") });

    const phoneContext = await browser.newContext({ baseURL: base, ...PHONE, storageState: await ada.storageState() });
    const phone = await phoneContext.newPage();
    await phone.goto(`/issues/${opts.issue}`);
    await showPassage(phone, first!);
    await phone.screenshot({ path: path.join(out, "issue-phone.png") });
    // The same page with a highlight tapped: its note in the bottom sheet.
    const mark = phone.locator("mark[data-annotation-id]").first();
    const at = await mark.evaluate((el) => {
      const r = Array.from(el.getClientRects()).find((rect) => rect.width > 8) ?? el.getClientRects()[0]!;
      return { x: r.left + Math.min(6, r.width / 2), y: r.top + r.height / 2 };
    });
    await phone.touchscreen.tap(at.x, at.y);
    await phone.getByRole("dialog", { name: "Note on this passage" }).waitFor();
    await phone.waitForTimeout(400); // the sheet's slide-in
    await phone.screenshot({ path: path.join(out, "issue-phone-note.png") });

    say("[4/4] The search sheet on a phone…");
    await phone.goto("/");
    await phone.locator(".search-box[data-ready]").waitFor({ state: "attached" });
    await phone.getByRole("banner").getByRole("button", { name: "Search" }).click();
    await phone.keyboard.type("feature fac");
    await phone.getByRole("dialog", { name: "Search" }).getByRole("option").first().waitFor();
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: path.join(out, "search-sheet-phone.png") });

    for (const name of ["issue-desktop.png", "issue-phone.png", "issue-phone-note.png", "search-sheet-phone.png"])
      say(`  wrote ${path.relative(process.cwd(), path.join(out, name))}`);
  } finally {
    await browser?.close();
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  say(`screenshots: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
