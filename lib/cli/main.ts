/**
 * How a script without a database connection ends (evaluations, benchmarks): with the code its
 * `main` returns, or, when it throws, its stack on stderr and code 1.
 * Scripts that use the database end through run.ts's runWithDatabase instead.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
