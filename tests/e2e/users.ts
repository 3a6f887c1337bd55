/** The readers the e2e specs act as; auth.setup.ts signs them up and saves their sessions. */
import path from "node:path";

export const PASSWORD = "a passphrase for e2e tests";

export const readers = {
  alice: { name: "Alice Reader", email: "alice@example.org" },
  bob: { name: "Bob Reader", email: "bob@example.org" },
  /** In AUTHOR_EMAILS (playwright.config.ts), and granted the author role by auth.setup.ts. */
  editor: { name: "The Editor", email: "editor@example.org" },
} as const;

export function storageStatePath(who: keyof typeof readers): string {
  const dir = process.env.CONCORDANCE_E2E_DATA_DIR;
  if (!dir) throw new Error("CONCORDANCE_E2E_DATA_DIR is not set (playwright.config.ts sets it)");
  return path.join(dir, "auth", `${who}.json`);
}
