import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Each run gets a throw-away data directory (embedded Postgres + secrets). Set
// once here in the runner; its workers inherit the environment.
process.env.CONCORDANCE_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "concordance-e2e-"));
const dataDir = process.env.CONCORDANCE_E2E_DATA_DIR;
const port = Number(process.env.E2E_PORT ?? 3107);
// A second server whose Meilisearch is unreachable (nothing listens on the discard port), for the
// degraded-search notices; its own data directory and port.
process.env.CONCORDANCE_E2E_DEGRADED_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "concordance-e2e-degraded-"));
const degradedDataDir = process.env.CONCORDANCE_E2E_DEGRADED_DATA_DIR;
const degradedPort = port + 1;
const DEGRADED_SPEC = /search-degraded\.spec\.ts/;
// A third server for the author's first day (samples, then their own issues ingested): its own data
// directory, so the other specs keep the samples they read.
process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "concordance-e2e-archive-"));
const archiveDataDir = process.env.CONCORDANCE_E2E_ARCHIVE_DATA_DIR;
const archivePort = port + 2;
const ARCHIVE_SPEC = /archive\.spec\.ts/;
// Specs that need realistic lengths run on the archive server after archive.spec.ts, which they
// fill with the shared corpus (tests/e2e/corpus.ts).
const CORPUS_SPEC = /(phone-layout|search-box|search-page)\.spec\.ts/;
// A fourth server that sends email, to an SMTP server the mail spec starts itself on loopback (port+4)
// while it runs: forgotten passwords, and sign-ups confirmed by email. Its own data directory, since
// sign-ups there need a confirmation link.
process.env.CONCORDANCE_E2E_MAIL_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "concordance-e2e-mail-"));
const mailDataDir = process.env.CONCORDANCE_E2E_MAIL_DATA_DIR;
const mailPort = port + 3;
process.env.CONCORDANCE_E2E_SMTP_PORT ??= String(port + 4);
const MAIL_SPEC = /accounts\.spec\.ts/;

// Debian's Chromium where installed (CI, these machines); Playwright's own browser elsewhere.
const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** `npm start` on its own port and data directory, with these settings. */
function appServer(onPort: number, env: Record<string, string>) {
  return {
    // One process (no npx/tsx wrappers), so the stop signal reaches the launcher and it can stop Postgres.
    command: `node --import tsx scripts/start.ts --port ${onPort}`,
    url: `http://localhost:${onPort}/api/issues`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { DATABASE_URL: "", AUTH_SECRET: "", ...env },
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  outputDir: "test-results/playwright-artifacts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    // Signs readers up through the UI and saves their sessions (in the run's data directory) for the specs.
    {
      name: "setup",
      testMatch: /.*\.setup\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: systemChromium, args: chromiumArgs } },
    },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: [DEGRADED_SPEC, ARCHIVE_SPEC, CORPUS_SPEC, MAIL_SPEC],
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: systemChromium,
          args: chromiumArgs,
        },
      },
    },
    {
      name: "archive",
      testMatch: ARCHIVE_SPEC,
      use: {
        ...devices["Desktop Chrome"],
        baseURL: `http://localhost:${archivePort}`,
        launchOptions: { executablePath: systemChromium, args: chromiumArgs },
      },
    },
    {
      name: "corpus",
      testMatch: CORPUS_SPEC,
      dependencies: ["archive"],
      use: {
        ...devices["Desktop Chrome"],
        baseURL: `http://localhost:${archivePort}`,
        launchOptions: { executablePath: systemChromium, args: chromiumArgs },
      },
    },
    {
      name: "mail",
      testMatch: MAIL_SPEC,
      use: {
        ...devices["Desktop Chrome"],
        baseURL: `http://localhost:${mailPort}`,
        launchOptions: { executablePath: systemChromium, args: chromiumArgs },
      },
    },
    {
      name: "degraded",
      testMatch: DEGRADED_SPEC,
      use: {
        ...devices["Desktop Chrome"],
        baseURL: `http://localhost:${degradedPort}`,
        launchOptions: { executablePath: systemChromium, args: chromiumArgs },
      },
    },
  ],
  webServer: [
    appServer(port, { CONCORDANCE_DATA_DIR: dataDir, MEILI_HOST: "", AUTHOR_EMAILS: "editor@example.org" }),
    appServer(degradedPort, {
      CONCORDANCE_DATA_DIR: degradedDataDir,
      MEILI_HOST: "http://127.0.0.1:9",
      AUTHOR_EMAILS: "",
    }),
    appServer(archivePort, {
      CONCORDANCE_DATA_DIR: archiveDataDir,
      MEILI_HOST: "",
      AUTHOR_EMAILS: "editor@example.org",
      SITE_NAME: "Field Notes",
      SITE_AUTHOR: "Ada Example",
      SITE_HOME_URL: "https://field-notes.example.net",
      SITE_SUBSCRIBE_URL: "https://field-notes.example.net/subscribe",
    }),
    appServer(mailPort, {
      CONCORDANCE_DATA_DIR: mailDataDir,
      MEILI_HOST: "",
      AUTHOR_EMAILS: "",
      SMTP_URL: `smtp://127.0.0.1:${process.env.CONCORDANCE_E2E_SMTP_PORT}`,
      EMAIL_FROM: "Concordance <kb@example.org>",
    }),
  ],
});
