/**
 * Telling "the database isn't there" apart from every other failure, so callers
 * can answer 503 / "temporarily unavailable" instead of a generic error or, worse,
 * a misleading one ("wrong password"). No imports: usable from any server module.
 */

/** Node socket errors meaning the server can't be reached. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
]);
/** postgres.js's own codes for a connection that failed or went away. */
const DRIVER_CODES = new Set(["CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
/** SQLSTATEs of a server that is shutting down, starting up, or out of connections. */
const SERVER_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering right now. Try again in a moment.";

function unavailableHere(err: object): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return false;
  // Class 08: connection exceptions.
  return NETWORK_CODES.has(code) || DRIVER_CODES.has(code) || SERVER_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

/** Whether `err` (or what it wraps: Drizzle's query errors, an AggregateError of connect attempts) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  if (unavailableHere(err)) return true;
  const nested = err as { cause?: unknown; errors?: unknown };
  if (isDatabaseUnavailable(nested.cause, depth + 1)) return true;
  return Array.isArray(nested.errors) && nested.errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}
