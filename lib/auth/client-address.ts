/**
 * Who is asking, for throttling sign-ins and sign-ups (credentials.ts,
 * signup.ts): the client's address as the operator's proxies report it, or
 * one bucket shared by every client when that can't be trusted.
 */
import { getEnv } from "@/lib/env";

/** A client's address for throttling; `key` is "*" (one bucket for everyone) when addresses can't be trusted. */
export type ClientAddress = { key: string; known: boolean };

export const SHARED_CLIENT: ClientAddress = { key: "*", known: false };

function expandIpv6(address: string): string[] | null {
  const [head, tail] = address.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  return groups.every((g) => /^[0-9a-f]{1,4}$/.test(g)) ? groups : null;
}

/** One address as a throttling key: IPv4 as is, IPv6 by its /64 (one subscriber's whole network). */
function addressKey(raw: string): string | null {
  let address = raw.trim().toLowerCase();
  if (address.startsWith("[")) address = address.slice(1, address.indexOf("]"));
  address = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return address;
  const groups = expandIpv6(address.replace(/%.*$/, ""));
  return groups
    ? `${groups
        .slice(0, 4)
        .map((g) => g.padStart(4, "0"))
        .join(":")}::/64`
    : null;
}

/**
 * The client's address from X-Forwarded-For, counted from the right by the
 * number of proxies the operator configured (TRUST_PROXY). Without that
 * setting the header is ignored: Next.js fills it from the connection only
 * when the client sent none, so a forged one can't be told from a real one,
 * and every client shares one bucket.
 */
export function clientAddress(headers: Headers): ClientAddress {
  const hops = getEnv().TRUST_PROXY ?? 0;
  if (hops === 0) return SHARED_CLIENT;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return SHARED_CLIENT;
  const key = addressKey(chain[Math.max(0, chain.length - hops)]!);
  return key ? { key, known: true } : SHARED_CLIENT;
}
