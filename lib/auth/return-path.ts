/**
 * Where to send someone back to after signing in, up or out. A return path
 * comes from the address bar or a form, so it is only ever a path on this
 * site: browsers read `/\evil.test` and `/<tab>/evil.test` as `//evil.test`, a
 * link to another host, so the value is resolved the way a browser would and
 * kept only when it stays on this origin.
 */

const BASE = "http://concordance.invalid";

export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  // Only paths: no scheme, no host, nothing a browser strips or rewrites silently.
  if (!value.startsWith("/") || /[\u0000-\u001F\u007F\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path the URL parser normalised into `//host` (e.g. `/.//evil.test`) would leave the site too.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/**
 * Auth.js's redirect callback: a relative path or a URL on this site, reduced
 * to a safe path on it; anything else goes home.
 */
export function safeRedirectUrl(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let path: string;
  if (url.startsWith("/")) {
    path = url;
  } else {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return baseUrl;
    }
    if (target.origin !== base.origin) return baseUrl;
    path = `${target.pathname}${target.search}${target.hash}`;
  }
  return `${base.origin}${safeReturnPath(path)}`;
}
