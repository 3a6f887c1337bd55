/**
 * What text from outside (query strings, paths, JSON bodies, form fields) may
 * contain before it goes near the database or a page. Postgres refuses NUL in
 * text, lone UTF-16 surrogates are not Unicode, and control characters have no
 * business in a search, a slug, a note or a name: each is refused with a
 * reason instead of failing deep inside a query.
 */

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 and C1 controls and DEL; tab is always allowed, line breaks where asked for. As character-class
// sources, so the API's description (lib/api/openapi-parts.ts) states the same rule as a pattern.
export const CONTROL_WITH_BREAKS = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";
export const CONTROL_NO_BREAKS = "\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F";
const controlWithBreaks = new RegExp(`[${CONTROL_WITH_BREAKS}]`);
const controlNoBreaks = new RegExp(`[${CONTROL_NO_BREAKS}]`);

/**
 * The first character `value` must not contain, described for a message
 * ("a NUL character (U+0000)"), or null when there is none.
 */
export function findUnsafeCharacter(value: string, options: { allowNewlines?: boolean } = {}): string | null {
  if (loneSurrogate.test(value)) return "text that isn't valid Unicode (a lone surrogate)";
  const control = (options.allowNewlines ? controlWithBreaks : controlNoBreaks).exec(value);
  if (!control) return null;
  return control[0] === "\u0000" ? "a NUL character (U+0000)" : `a control character (${codePoint(control[0])})`;
}

/**
 * Decode one percent-encoded URL component strictly: null when it encodes bytes
 * that aren't UTF-8 (`%FF`, an overlong `%C0%AF`, a surrogate `%ED%A0%80`),
 * where URLSearchParams would quietly substitute U+FFFD.
 */
function decodeComponent(raw: string, plusIsSpace: boolean): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, " ") : raw);
  } catch {
    return null;
  }
}

/**
 * The problem with a request's path and query string, or null: every
 * component must decode as UTF-8 and hold no NUL or control character (a
 * query value may hold line breaks, as a textarea sends them).
 */
export function findUrlProblem(url: URL): string | null {
  for (const segment of url.pathname.split("/")) {
    const decoded = decodeComponent(segment, false);
    if (decoded === null) return "The address contains bytes that aren't valid UTF-8.";
    const unsafe = findUnsafeCharacter(decoded);
    if (unsafe) return `The address contains ${unsafe}.`;
  }
  const query = url.search.slice(1);
  if (!query) return null;
  for (const pair of query.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeComponent(rawName, true);
    const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1), true);
    const label = name !== null && !findUnsafeCharacter(name) ? `"${name.slice(0, 40)}"` : "a query parameter";
    if (name === null || value === null) return `Query parameter ${label} isn't valid UTF-8.`;
    const unsafe = findUnsafeCharacter(name) ?? findUnsafeCharacter(value, { allowNewlines: true });
    if (unsafe) return `Query parameter ${label} contains ${unsafe}.`;
  }
  return null;
}
