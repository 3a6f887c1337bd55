/** Posting the site's server-action forms the way a browser without JavaScript does. */
import type { APIRequestContext } from "@playwright/test";

function htmlUnescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The hidden fields Next.js renders into a server-action form, so it can be posted without JavaScript. */
export async function formFields(
  request: APIRequestContext,
  page: string,
  field: string,
): Promise<Record<string, string>> {
  const html = await (await request.get(page)).text();
  for (const [, form] of html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!form!.includes(`name="${field}"`)) continue;
    const fields: Record<string, string> = {};
    for (const [, attrs] of form!.matchAll(/<input([^>]*)\/?>/g)) {
      if (!/type="hidden"/.test(attrs!)) continue;
      const name = /name="([^"]*)"/.exec(attrs!)?.[1];
      if (name) fields[htmlUnescape(name)] = htmlUnescape(/value="([^"]*)"/.exec(attrs!)?.[1] ?? "");
    }
    return fields;
  }
  throw new Error(`no form with a ${field} field on ${page}`);
}
