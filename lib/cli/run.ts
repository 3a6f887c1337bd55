/** The shape every script shares: connect, do the work, release, exit with a clear code. */
import v8 from "node:v8";
import { connectDatabase } from "@/db/connect";

/**
 * Batch commands read whole archives in passes, and their garbage is promoted between database
 * round trips. V8 on a large machine lets the heap grow to 4× the live data before a full
 * collection; a batch command lets it grow by half. A few percent more time in GC buys a
 * footprint that follows the live data (a 10,000-issue ingest stays well under 1 GB; see the
 * README's ingest benchmark). The web server keeps V8's defaults.
 */
export function favourSmallHeap(): void {
  v8.setFlagsFromString("--heap-growing-percent=50");
}

export async function runWithDatabase(
  work: () => Promise<number>,
  options: { quiet?: boolean } = {},
): Promise<never> {
  favourSmallHeap();
  let release: (() => Promise<void>) | undefined;
  let code = 1;
  try {
    ({ release } = await connectDatabase(options));
    code = await work();
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  } finally {
    await release?.().catch(() => {});
  }
  process.exit(code);
}
