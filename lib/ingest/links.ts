/**
 * Tracking and redirect links, as email services and mail clients rewrite them.
 * A link whose real destination is encoded in it (a query parameter, the
 * fragment of a "safe redirect", a base64 path segment) is unwrapped to that
 * destination; a link that only points at a tracker is dropped (its text stays).
 * Nothing here knows one author: the rules describe how redirectors are built.
 */

/** Query parameters redirectors carry the destination in. */
const DESTINATION_PARAMS = [
  "url",
  "u",
  "q",
  "target",
  "dest",
  "destination",
  "redirect",
  "redirect_url",
  "redirect_uri",
  "link",
  "to",
  "r",
  "href",
];

/** Redirectors whose destination is not recoverable from the URL itself. */
const OPAQUE_TRACKERS: RegExp[] = [
  /^https?:\/\/([\w-]+\.)*substack\.com\/redirect\//i,
  /^https?:\/\/([\w-]+\.)*list-manage\.com\/track\/click/i,
  /^https?:\/\/([\w-]+\.)*(mailchi\.mp|mcusercontent\.com)\/.*\/track\//i,
  /^https?:\/\/([\w-]+\.)*sendgrid\.net\/(ls|wf)\/click/i,
  /^https?:\/\/([\w-]+\.)*mandrillapp\.com\/track\//i,
  /^https?:\/\/([\w-]+\.)*(convertkit-mail\d*\.com|ck\.page)\/[\w-]*\/?[\w-]{20,}/i,
  /^https?:\/\/([\w-]+\.)*(hubspotlinks|hs-sites|hubspotemail)\.\w+\/(e3t|ss\/c)\//i,
  /^https?:\/\/([\w-]+\.)*(mlsend|mailerlite)\.com\/link\//i,
  /^https?:\/\/([\w-]+\.)*beehiiv\.com\/(ss\/c|click)\//i,
  /^https?:\/\/([\w-]+\.)*ct\.sendgrid\.net\//i,
  /^https?:\/\/click\.[\w-]+(\.[\w-]+)+\//i,
  /^https?:\/\/([\w-]+\.)*google\.com\/meips\//i,
  /\/track\/click\b/i,
  /\/(email|e)\/click\?/i,
];

/** Parameters that only tell an analytics tool where a click came from. */
const TRACKING_PARAMS =
  /^(utm_[a-z]+|mc_cid|mc_eid|ref_src|_hsenc|_hsmi|mkt_tok|vero_id|oly_anon_id|oly_enc_id|__s|trk|sc_cid|gclid|fbclid|dclid|msclkid|igshid)$/i;

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(value);
}

function tryDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function decodeBase64Url(segment: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{16,}={0,2}$/.test(segment)) return undefined;
  const text = Buffer.from(segment.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  return isHttpUrl(text) ? text : undefined;
}

/** The destination encoded in a redirect URL, if there is one. */
function encodedDestination(url: URL): string | undefined {
  for (const name of DESTINATION_PARAMS) {
    const value = url.searchParams.get(name);
    if (value && isHttpUrl(value.trim())) return value.trim();
  }
  // Outlook "safelinks", Proofpoint v3 and similar put it in the path or fragment.
  const proofpoint = /\/v3\/__(https?:\/\/.+?)__;/i.exec(url.href);
  if (proofpoint?.[1]) return proofpoint[1];
  const hash = tryDecode(url.hash.replace(/^#/, ""));
  if (isHttpUrl(hash)) return hash;
  for (const segment of url.pathname.split("/")) {
    const decoded = decodeBase64Url(segment);
    if (decoded) return decoded;
  }
  return undefined;
}

function stripTrackingParams(url: URL): string {
  let changed = false;
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) {
      url.searchParams.delete(name);
      changed = true;
    }
  }
  return changed ? url.href.replace(/\?$/, "") : url.href;
}

/** kept: not a tracker; unwrapped: the destination was inside; cleaned: only analytics parameters removed. */
export type UnwrappedLink = { href: string; kind: "kept" | "unwrapped" | "cleaned" } | { href: null; kind: "dropped" };

/**
 * The real destination of a link: itself when it is not a redirect, the encoded
 * destination when it is one, or null when it is a tracker we can't see through.
 */
export function unwrapLink(href: string): UnwrappedLink {
  let current = href.trim();
  let unwrapped = false;
  // Redirectors nest (a tracker wrapping a mail client's safe-redirect); peel a few layers.
  for (let depth = 0; depth < 4; depth += 1) {
    let url: URL;
    try {
      url = new URL(current);
    } catch {
      return unwrapped ? { href: current, kind: "unwrapped" } : { href: current, kind: "kept" };
    }
    if (!/^https?:$/.test(url.protocol)) return { href: current, kind: unwrapped ? "unwrapped" : "kept" };
    const looksLikeRedirect =
      OPAQUE_TRACKERS.some((re) => re.test(current)) || /\/(redirect|redir|url|click|out|r)\b/i.test(url.pathname);
    const destination =
      looksLikeRedirect || url.hostname.endsWith("safelinks.protection.outlook.com") || /urldefense/i.test(url.hostname)
        ? encodedDestination(url)
        : undefined;
    if (destination) {
      current = destination;
      unwrapped = true;
      continue;
    }
    if (OPAQUE_TRACKERS.some((re) => re.test(current))) return { href: null, kind: "dropped" };
    const clean = stripTrackingParams(url);
    return { href: clean, kind: unwrapped ? "unwrapped" : clean !== current ? "cleaned" : "kept" };
  }
  return { href: current, kind: "unwrapped" };
}

/** How cleaning describes what it did to a link, for `--verbose`. */
export function describeLinkChange(link: UnwrappedLink): string {
  return link.kind === "dropped"
    ? "tracking link dropped"
    : link.kind === "unwrapped"
      ? "tracking link unwrapped"
      : "tracking parameters removed";
}
