/** The command-line tools run as the author runs them: a real child process, its output collected. */
import type { ChildProcess } from "node:child_process";

export type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** What a child started with piped stdout and stderr wrote, and how it ended. */
export function outputOf(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}
