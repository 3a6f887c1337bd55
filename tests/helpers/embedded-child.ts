/**
 * A separate process for tests of the embedded server: starts or attaches to it
 * in the data directory named by argv[2], prints `{ url, owned }` as one JSON
 * line, and leaves (stopping it if last) when its stdin closes.
 */
import { startOrAttachEmbedded } from "@/db/embedded";

async function main(): Promise<void> {
  const handle = await startOrAttachEmbedded(process.argv[2]!, { quiet: true });
  process.stdout.write(`${JSON.stringify({ url: handle.url, owned: handle.owned })}\n`);
  process.stdin.on("end", () => {
    handle.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  });
  process.stdin.resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
