/**
 * A reverse proxy's X-Forwarded-Host / X-Forwarded-Proto as this app reads them everywhere: the
 * first entry of the comma-separated list (the one the client's own connection produced), trimmed.
 * Read the same way in the page policy, the page cache, links in mail and the same-origin check,
 * so "https, http" means https to all of them.
 */
type HeaderValue = string | string[] | null | undefined;

export function firstForwarded(value: HeaderValue): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(",")[0]?.trim() || undefined;
}

/** Whether the client reached the proxy over https, by its X-Forwarded-Proto. */
export function forwardedHttps(value: HeaderValue): boolean {
  return firstForwarded(value)?.toLowerCase() === "https";
}
