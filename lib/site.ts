/**
 * The site as its readers see it: the newsletter's name, description and
 * author, its home and subscribe pages, and this site's public address. Set by
 * the author in `concordance.json` (or the file CONCORDANCE_CONFIG names) and/or
 * SITE_* environment variables, which win; unset, the site calls itself
 * Concordance.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getEnv } from "./env";
import { firstForwarded } from "@/lib/forwarded";

const httpUrl = z
  .string()
  .trim()
  .url()
  .refine((v) => /^https?:\/\//i.test(v), "must start with http:// or https://")
  .transform((v) => v.replace(/\/+$/, ""));

const siteSchema = z
  .object({
    name: z.string().trim().min(1).max(120).default("Concordance"),
    description: z.string().trim().max(300).default("Search the ideas and the issues of a long-running newsletter."),
    author: z.string().trim().min(1).max(120).optional(),
    url: httpUrl.optional(),
    homeUrl: httpUrl.optional(),
    subscribeUrl: httpUrl.optional(),
  })
  .strict();

export type Site = z.infer<typeof siteSchema>;

/** The config file is read once per process; restart after editing it. */
let cached: Site | undefined;

const DEFAULT_CONFIG_FILE = "concordance.json";

function readConfigFile(file: string, required: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`cannot read the site config ${file}: ${(err as Error).message}`);
  }
  try {
    const data: unknown = JSON.parse(text);
    if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("not a JSON object");
    return data as Record<string, unknown>;
  } catch (err) {
    throw new Error(`the site config ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The settings, validated; a bad value is an error that names the setting. */
export function getSite(): Site {
  if (cached) return cached;
  const env = getEnv();
  const file = path.resolve(/*turbopackIgnore: true*/ env.CONCORDANCE_CONFIG ?? DEFAULT_CONFIG_FILE);
  const fromFile = readConfigFile(file, !!env.CONCORDANCE_CONFIG);
  const fromEnv = {
    name: env.SITE_NAME,
    description: env.SITE_DESCRIPTION,
    author: env.SITE_AUTHOR,
    url: env.SITE_URL,
    homeUrl: env.SITE_HOME_URL,
    subscribeUrl: env.SITE_SUBSCRIBE_URL,
  };
  const merged = { ...fromFile, ...Object.fromEntries(Object.entries(fromEnv).filter(([, v]) => v !== undefined)) };
  const parsed = siteSchema.safeParse(merged);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    throw new Error(`invalid site settings (${file} or SITE_* variables): ${reasons}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change the settings at run time; they call this afterwards. */
export function resetSiteCache(): void {
  cached = undefined;
}

/**
 * The public origin for absolute links (feeds, sitemap, Open Graph): the configured
 * SITE_URL, else the host the reader reached (a proxy's forwarded host and scheme).
 */
export function siteOrigin(headers: { get(name: string): string | null }): string {
  const configured = getSite().url;
  if (configured) return configured;
  const host = firstForwarded(headers.get("x-forwarded-host")) || headers.get("host") || "localhost";
  const proto =
    firstForwarded(headers.get("x-forwarded-proto")) || (/^(localhost|127\.|\[::1\])/.test(host) ? "http" : "https");
  return `${proto}://${host}`;
}
