/**
 * The pages' Content-Security-Policy, in its two forms: with a fresh nonce per response (proxy.ts,
 * every page Next renders), or with the hashes of exactly the inline scripts and styles a stored
 * page holds (lib/cache/html.ts, the copies served to many signed-out readers, which must not
 * share one nonce). Every other directive is the same in both. Free of Next.js imports: the
 * custom server (scripts/server.ts) builds the hashed form outside Next's bundles.
 */
import { createHash } from "node:crypto";

export type PolicyOptions = { dev: boolean; https: boolean; github: boolean };

/** What may run: a nonce (Next's own scripts carry it), or the hashes of a page's inline elements. */
export type ScriptSources = { nonce: string } | { scriptHashes: string[]; styleHashes: string[] };

export function pageContentSecurityPolicy(sources: ScriptSources, options: PolicyOptions): string {
  const script =
    "nonce" in sources
      ? // strict-dynamic: scripts Next's nonce'd scripts load are trusted; nothing else runs, inline or not.
        `'self' 'nonce-${sources.nonce}' 'strict-dynamic'`
      : // Without a nonce, 'self' admits Next's external chunks (strict-dynamic would ignore it), and
        // only the inline scripts whose exact text was hashed run.
        ["'self'", ...sources.scriptHashes.map((h) => `'${h}'`)].join(" ");
  const style =
    "nonce" in sources
      ? `'self' 'nonce-${sources.nonce}'`
      : ["'self'", ...sources.styleHashes.map((h) => `'${h}'`)].join(" ");
  return [
    "default-src 'self'",
    `script-src ${script}${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src ${style}`,
    // Positions and sizes set by components (the annotation toolbar, timeline bars); attributes can't load or run anything.
    "style-src-attr 'unsafe-inline'",
    // Issues embed images from the newsletter's own hosts.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    // Signing in with GitHub posts a form that redirects there.
    `form-action 'self'${options.github ? " https://github.com" : ""}`,
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A CSP hash source for an inline element's text, exactly as the browser hashes it (its UTF-8 bytes). */
function sha256Source(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}

// Scripts and styles are raw-text elements: their content runs to the first `</script` / `</style`
// (any case), whatever it holds. React escapes `<` in text and attributes, so a `<script` elsewhere
// in a page is a real element. A page whose elements this misreads gets a hash that matches nothing:
// the browser then refuses the script, it never runs one that wasn't hashed.
const INLINE = /<(script|style)\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/\1\s*>/gi;

/**
 * A page made shareable: the nonce attributes (and any other copy of the nonce) removed, and the
 * hash sources of its inline scripts and styles, de-duplicated, in order of appearance.
 */
export function withoutNonce(
  html: string,
  nonce: string,
): { html: string; scriptHashes: string[]; styleHashes: string[] } {
  const quoted = nonce.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const stripped = html
    .replace(new RegExp(`\\snonce=(?:"${quoted}"|'${quoted}'|${quoted}(?=[\\s>]))`, "g"), "")
    .split(nonce)
    .join("");
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const match of stripped.matchAll(INLINE)) {
    const [, tag, attributes, body] = match;
    // An external script's text is never run; a script that isn't JavaScript (JSON data) is never run either.
    if (tag!.toLowerCase() === "script") {
      if (/\ssrc\s*=/i.test(attributes!)) continue;
      const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes!)?.[1]?.toLowerCase();
      if (type && type !== "text/javascript" && type !== "module" && type !== "application/javascript") continue;
      scripts.add(sha256Source(body!));
    } else {
      styles.add(sha256Source(body!));
    }
  }
  return { html: stripped, scriptHashes: [...scripts], styleHashes: [...styles] };
}
