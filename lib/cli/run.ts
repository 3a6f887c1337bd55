/** The shape every script shares: connect, do the work, release, exit with a clear code. */
import { connectDatabase } from "@/db/connect";

export async function runWithDatabase(
  work: () => Promise<number>,
  options: { quiet?: boolean } = {},
): Promise<never> {
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
