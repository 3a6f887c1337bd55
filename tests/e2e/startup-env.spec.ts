/**
 * The built server checks its environment as it starts (instrumentation.ts →
 * lib/env.ts): a setting it can't use stops `next start` at once, with a
 * message naming the variable, rather than failing later on some request.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

// Beside the e2e servers' ports (E2E_PORT … +3) and the mail spec's SMTP server (+4).
const PORT = Number(process.env.E2E_PORT ?? 3107) + 5;

/** `next start` with `env` added; resolves its exit code and what it printed, or fails after 60 s. */
function startNext(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(PORT)], {
      env: {
        ...process.env,
        DATABASE_URL: "",
        MEILI_HOST: "",
        AUTH_SECRET: "",
        CONCORDANCE_DATA_DIR: process.env.CONCORDANCE_E2E_DATA_DIR ?? "",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`next start kept running with a bad environment:\n${output}`));
    }, 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test.describe("the server's environment, checked at start", () => {
  test.setTimeout(90_000);

  test("no AUTH_SECRET in production stops it, naming the variable", async () => {
    const { code, output } = await startNext({ NODE_ENV: "production" });
    expect(code).toBe(1);
    expect(output).toContain("AUTH_SECRET: is required in production");
  });

  test("a setting that isn't a URL of its kind stops it, naming the variable and keeping its value out of the log", async () => {
    const { code, output } = await startNext({
      AUTH_SECRET: "a secret for this check",
      SMTP_URL: "mail server at port 587 password=hunter2",
    });
    expect(code).toBe(1);
    expect(output).toMatch(/SMTP_URL: is not a URL \(expected smtp:\/\/ or smtps:\/\//);
    expect(output).not.toContain("hunter2");
  });
});
