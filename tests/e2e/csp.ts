/** What the browser reports about a page's Content-Security-Policy (security.spec.ts, cache-pages.spec.ts). */
import type { Page } from "@playwright/test";

/** Every violation the page reports from now on: console messages and securitypolicyviolation events. */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text()))
      violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return violations;
}
