/**
 * Runs once when the server starts. Next.js logs an error thrown while
 * rendering a page or running a server action with console.error, and a
 * failed query's error carries its parameters (a reader's note, an email, a
 * password hash): every console.error of the server goes through the same
 * redaction as the API's own logging.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { redactForLog } = await import("@/lib/api/errors");
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => original(...args.map((arg) => redactForLog(arg)));
}
