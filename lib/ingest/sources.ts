/** Expanding what the author named on the command line into readable source files. */
import fs from "node:fs/promises";
import path from "node:path";
import type { SourceFile } from "./types";

export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const INGESTIBLE = /\.(md|markdown)$/i;

/** Files under each named path, in a stable order; directories are walked recursively. */
export async function discoverSources(inputs: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  async function walk(p: string): Promise<void> {
    const entries = await fs.readdir(p, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(p, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (INGESTIBLE.test(entry.name)) files.push(full);
    }
  }
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => undefined);
    if (!stat) missing.push(input);
    else if (stat.isDirectory()) await walk(input);
    else files.push(input);
  }
  return { files, missing };
}

export async function readSource(file: string): Promise<SourceFile> {
  const stat = await fs.stat(file);
  if (stat.size > MAX_FILE_BYTES) {
    throw new Error(`file is ${(stat.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
  }
  return { path: file, bytes: await fs.readFile(file) };
}
