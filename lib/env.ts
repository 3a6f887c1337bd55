/**
 * The validated environment: the only module that reads process.env (besides
 * lib/early-env.ts, for the two settings a command needs before it loads this),
 * so every setting the app understands is listed here with its meaning.
 */
import { z } from "zod";
import { dataDirFrom } from "./early-env";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/**
 * `postgres://u:p@h1:5432,h2:5432/db` names several hosts, which the Postgres
 * driver accepts and WHATWG URLs don't: only the first is kept for checking.
 */
function firstHost(url: string): string {
  return url.replace(/^([a-z][\w+.-]*:\/\/)([^/?#]*)/i, (_, scheme: string, authority: string) => {
    const at = authority.lastIndexOf("@") + 1;
    return scheme + authority.slice(0, at) + authority.slice(at).split(",")[0];
  });
}

/**
 * A URL setting: unset or blank, or a URL with one of `protocols`. The message
 * never repeats the value, which may hold a password (DATABASE_URL, SMTP_URL).
 */
function optionalUrl(protocols: string[], example: string) {
  const schemes = protocols.map((p) => `${p}//`).join(" or ");
  return z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return undefined;
      let url: URL;
      try {
        url = new URL(firstHost(v));
      } catch {
        ctx.addIssue({ code: "custom", message: `is not a URL (expected ${schemes}…, e.g. ${example})` });
        return z.NEVER;
      }
      if (!protocols.includes(url.protocol)) {
        ctx.addIssue({ code: "custom", message: `must start with ${schemes} (e.g. ${example})` });
        return z.NEVER;
      }
      return v;
    })
    .optional();
}

const httpUrl = (example: string) => optionalUrl(["http:", "https:"], example);

const envSchema = z.object({
  /** Postgres to use. Unset: start or attach to the embedded one under CONCORDANCE_DATA_DIR. */
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"], "postgres://user:password@localhost:5432/concordance"),
  /** Where embedded Postgres, the generated AUTH_SECRET and other local state live. */
  CONCORDANCE_DATA_DIR: optionalString,
  /** Meilisearch; unset means the built-in Postgres search engine. */
  MEILI_HOST: httpUrl("http://localhost:7700"),
  MEILI_API_KEY: optionalString,
  /** Prefix for index names, so several deployments (or tests) can share one Meilisearch. */
  MEILI_INDEX_PREFIX: optionalString,
  /** How long a search waits for Meilisearch before the built-in engine answers (ms, default 2000). */
  MEILI_SEARCH_TIMEOUT_MS: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return undefined;
      const ms = Number(v);
      if (!Number.isInteger(ms) || ms < 100 || ms > 120_000) {
        ctx.addIssue({ code: "custom", message: "expected milliseconds, 100–120000" });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  /** Signs and encrypts session tokens. Required in production; `npm start` generates one into the data directory. */
  AUTH_SECRET: optionalString,
  /**
   * Lets the command-line tools tell the running app which cached pages their changes made stale
   * (POST /api/revalidate). Unset: a generated one in the data directory, shared by the app and
   * the tools that use the same directory.
   */
  REVALIDATE_SECRET: optionalString,
  /** The running app, for the command-line tools' revalidation calls; unset: found from the data directory's app lock. */
  CONCORDANCE_APP_URL: httpUrl("http://localhost:3000"),
  /** "true" when the app may trust the Host header (behind a proxy, or `next start`); `npm start` sets it. */
  AUTH_TRUST_HOST: optionalString,
  /** The public URL, when the Host header can't be trusted; Auth.js reads it itself. */
  AUTH_URL: httpUrl("https://kb.example.org"),
  /** The older name of AUTH_URL, which Auth.js still reads. */
  NEXTAUTH_URL: httpUrl("https://kb.example.org"),
  /** GitHub OAuth app; sign-in with GitHub is offered only when both are set. */
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  /**
   * Comma-separated emails that may have the author role: an account with one of
   * them becomes an author once it has proven the address (an emailed sign-in or
   * confirmation link). `npm run users -- grant-author` grants it without proof.
   */
  AUTHOR_EMAILS: optionalString,
  /**
   * How many reverse proxies in front of the app append the client's address to
   * X-Forwarded-For: the client is that many entries from the right. Unset or 0:
   * the header is ignored (anyone can send it) and sign-in and sign-up limits per
   * address fall back to one bucket shared by all clients. "true" means 1.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "" || v === "false") return 0;
      if (v === "true") return 1;
      const hops = Number(v);
      if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
        ctx.addIssue({ code: "custom", message: 'expected the number of proxies (0–10), "true" or "false"' });
        return z.NEVER;
      }
      return hops;
    })
    .optional(),
  /** SMTP server for email sign-in links, e.g. smtp://user:pass@mail.example.org:587; unset: no email links. */
  SMTP_URL: optionalUrl(["smtp:", "smtps:"], "smtp://user:password@mail.example.org:587"),
  /** Sender address of sign-in emails. */
  EMAIL_FROM: optionalString,
  /** The site as readers see it (lib/site.ts); each overrides the same field of the config file. */
  SITE_NAME: optionalString,
  SITE_DESCRIPTION: optionalString,
  SITE_AUTHOR: optionalString,
  /** This site's public address, for canonical links, feeds and the sitemap (e.g. https://kb.example.org). */
  SITE_URL: httpUrl("https://kb.example.org"),
  /** The newsletter's own home page and subscribe page, linked from every page. */
  SITE_HOME_URL: httpUrl("https://newsletter.example.org"),
  SITE_SUBSCRIBE_URL: httpUrl("https://newsletter.example.org/subscribe"),
  /** A JSON file with those settings (name, description, author, url, homeUrl, subscribeUrl); default ./concordance.json. */
  CONCORDANCE_CONFIG: optionalString,
  /** Set by Next.js in the web app's own process ("nodejs" or "edge"); unset in the command-line tools. */
  NEXT_RUNTIME: optionalString,
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  /** Set by npm in the scripts it runs (`start`, `ingest`…): they were launched through npm's shell. */
  npm_lifecycle_event: optionalString,
});

export type Env = z.infer<typeof envSchema>;

/** One line per bad variable, each naming it: `SMTP_URL: must start with smtp:// or smtps:// (…)`. */
export class EnvError extends Error {
  constructor(readonly reasons: string[]) {
    super(`Invalid environment:\n  ${reasons.join("\n  ")}`);
    this.name = "EnvError";
  }
}

/** The settings in `source` (process.env by default), validated. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  return parsed.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/**
 * What the web server needs before it takes a request, checked once as it
 * starts (instrumentation.ts), so a mistake stops it with a message instead of
 * failing later on some page. Beyond the checks every process makes: in
 * production, a fixed AUTH_SECRET (sessions signed with a secret made up at
 * start would end at every restart; `npm start` supplies one from the data
 * directory).
 */
export function checkServerEnv(source: Record<string, string | undefined> = process.env): Env {
  const env = parseEnv(source);
  if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
    throw new EnvError([
      "AUTH_SECRET: is required in production (e.g. `openssl rand -base64 32`); `npm start` generates one into the data directory when it is unset",
    ]);
  }
  return env;
}

/** Tests and scripts change the environment at run time; they call this afterwards. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function getDataDir(): string {
  return dataDirFrom(getEnv().CONCORDANCE_DATA_DIR);
}
