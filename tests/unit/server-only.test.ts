/**
 * `import "server-only"` throws outside Next's server bundles, so a module
 * marked with it must never be reached from a command-line script or a
 * Playwright spec (which Node runs directly). This follows their imports
 * through the repository and names the chain that would reach one.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const SERVER_ONLY = /^import\s+["']server-only["'];?\s*$/m;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel));
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return null;
}

/** The repository modules `file` loads when run: type-only imports are erased, so they don't count. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  const found: string[] = [];
  for (const m of source.matchAll(
    /^\s*(import|export)\s+([^;]*?)\s+from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm,
  )) {
    const clause = m[2] ?? "";
    if (/^type\s/.test(clause)) continue;
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (named && named[1]!.split(",").every((s) => !s.trim() || /^type\s/.test(s.trim()))) continue;
    const target = resolveImport(file, m[3] ?? m[4] ?? m[5]!);
    if (target) found.push(target);
  }
  return found;
}

/** The first chain of imports from `entry` to a server-only module, if any. */
function chainToServerOnly(entry: string): string[] | null {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file !== entry && SERVER_ONLY.test(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
      const chain = [file];
      for (let p = parent.get(file); p; p = parent.get(p)) chain.unshift(p);
      return chain;
    }
    for (const next of importsOf(file)) {
      if (parent.has(next)) continue;
      parent.set(next, file);
      queue.push(next);
    }
  }
  return null;
}

describe("server-only modules", () => {
  it("mark the app-only modules that reach the database", () => {
    for (const file of ["lib/issues/queries.ts", "lib/cache/reads.ts", "lib/auth/session.ts"]) {
      expect(SERVER_ONLY.test(fs.readFileSync(path.join(ROOT, file), "utf8")), file).toBe(true);
    }
  });

  it("are never reached from a command-line script or a Playwright spec", () => {
    const entries = [...filesUnder("scripts"), ...filesUnder("tests/e2e"), "playwright.config.ts"];
    expect(entries.length).toBeGreaterThan(20);
    const reached = entries.flatMap((entry) => {
      const chain = chainToServerOnly(entry);
      return chain ? [chain.join(" → ")] : [];
    });
    expect(reached).toEqual([]);
  });

  it("would be caught: an import chain into a marked module is found", () => {
    // The issue page's own module reaches lib/issues/queries.ts (marked) through its imports.
    expect(chainToServerOnly("app/issues/[slug]/page.tsx")?.at(-1)).toMatch(/^lib\//);
  });
});
