/**
 * scripts/cli.cjs, which npm runs the ingest command through: a command built into one bundled
 * file, kept while every file it was built from is unchanged and built again when one changed or
 * is gone, run with the arguments it was given — and run through tsx when it can't be bundled.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..", "..");
// Under the checkout, as the real cache is: the bundle finds the packages it leaves out from there.
fs.mkdirSync(path.join(ROOT, "node_modules", ".cache"), { recursive: true });
const cache = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache", "concordance-cli-test-"));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

type Launcher = { bundleFor(command: string): { file: string; built: boolean } };

/** The launcher's functions with the cache pointed at this test's folder (it reads the variable at each call). */
function launcher(): Launcher {
  process.env.CONCORDANCE_CLI_CACHE = cache;
  return require(path.join(ROOT, "scripts", "cli.cjs")) as Launcher;
}

function manifest(): { inputs: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(cache, "ingest.json"), "utf8"));
}

function writeManifest(m: { inputs: Record<string, string> }): void {
  fs.writeFileSync(path.join(cache, "ingest.json"), JSON.stringify(m));
}

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(ROOT, "scripts", "cli.cjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, CONCORDANCE_CLI_CACHE: cache, FORCE_COLOR: "0", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("the commands' bundle", () => {
  it("is built once, from the command's own files, and kept while they are unchanged", () => {
    const first = launcher().bundleFor("ingest");
    expect(first.built).toBe(true);
    expect(fs.statSync(first.file).size).toBeGreaterThan(100_000);
    const inputs = Object.keys(manifest().inputs);
    expect(inputs).toContain("scripts/ingest.ts");
    expect(inputs).toContain("lib/ingest/pipeline.ts");
    expect(inputs).toContain("tsconfig.json");
    // Packages are loaded from node_modules at run time, but for the lemmatizer's WordNet tables.
    const packages = new Set(inputs.filter((f) => f.startsWith("node_modules/")).map((f) => f.split("/")[1]));
    expect([...packages].sort()).toEqual(["wink-lemmatizer", "wink-lexicon"]);
    expect(launcher().bundleFor("ingest")).toEqual({ file: first.file, built: false });
  });

  it("is built again when a file it was built from changed, or is gone", () => {
    launcher().bundleFor("ingest");
    const m = manifest();
    writeManifest({ ...m, inputs: { ...m.inputs, "lib/ingest/pipeline.ts": "1:0" } });
    expect(launcher().bundleFor("ingest").built).toBe(true);
    expect(manifest().inputs["lib/ingest/pipeline.ts"]).not.toBe("1:0");
    writeManifest({ ...m, inputs: { ...m.inputs, "lib/ingest/no-such-file.ts": "1:0" } });
    expect(launcher().bundleFor("ingest").built).toBe(true);
    expect(launcher().bundleFor("ingest").built).toBe(false);
  });

  it("runs the command with its arguments, as `node scripts/ingest.ts` would", () => {
    const help = run(["ingest", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ingest \[options\] <inputs\.\.\.>/m);
    const bad = run(["ingest", "x.md", "--format", "nonsense"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format <format>' argument 'nonsense' is invalid/);
  });

  it("keeps V8's code cache beside the bundle, and replaces one that doesn't match", () => {
    const { file } = launcher().bundleFor("ingest");
    const cache = `${file}.v8`;
    fs.rmSync(cache, { force: true });
    expect(run(["ingest", "--help"]).status).toBe(0);
    const written = fs.readFileSync(cache);
    expect(written.length).toBeGreaterThan(100_000);
    // Bytes V8 rejects (another source, version or flags): the command runs, and the cache is written anew.
    fs.writeFileSync(cache, Buffer.alloc(4096, 7));
    const result = run(["ingest", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ingest/m);
    expect(fs.readFileSync(cache).length).toBeGreaterThan(100_000);
  });

  it("runs the command through tsx when it can't be bundled, and says so with --verbose", () => {
    const blocked = path.join(cache, "a-file-not-a-folder");
    fs.writeFileSync(blocked, "");
    const result = run(["ingest", "--verbose", "--help"], { CONCORDANCE_CLI_CACHE: blocked });
    expect(result.stderr).toMatch(/Running through tsx: the command could not be bundled/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ingest/m);
  });

  it("refuses a command that isn't one of scripts/", () => {
    for (const args of [[], ["no-such-command"], ["../package"]]) {
      const result = run(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/usage: node scripts\/cli\.cjs <command>/);
    }
  });
});
