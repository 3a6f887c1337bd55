/** What every benchmark reports the same way: percentiles and the machine it ran on. */
import fs from "node:fs";
import os from "node:os";

/** The q-th percentile (0–100) of values sorted ascending, by nearest rank; NaN for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;
}

export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** "2 × AMD EPYC …, 24 GiB, Node 20.20.2": the figures' machine. */
export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

/** The load averages (1, 5, 15 min) as /proc/loadavg or the OS gives them. */
export function loadAverage(): string {
  if (fs.existsSync("/proc/loadavg")) return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}
