import { expect, test as setup } from "@playwright/test";
import { users } from "./operator";
import { PASSWORD, readers, storageStatePath } from "./users";

for (const who of ["alice", "bob", "editor"] as const) {
  setup(`sign up ${who}`, async ({ page }) => {
    const reader = readers[who];
    await page.goto("/");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create an account");

    // A too-short password is explained, and what was typed is kept.
    await page.getByLabel("Display name").fill(reader.name);
    await page.getByLabel("Email").fill(reader.email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("at least 10 characters");
    await expect(page.getByLabel("Email")).toHaveValue(reader.email);

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("banner").getByText(reader.name)).toBeVisible();

    if (who === "editor") {
      // An address in AUTHOR_EMAILS typed at sign-up proves nothing: no author rights until the operator grants them.
      expect((await page.goto("/admin"))?.status()).toBe(403);
      users("grant-author", reader.email);
      expect((await page.goto("/admin"))?.status()).toBe(200);
    }
    await page.context().storageState({ path: storageStatePath(who) });
  });
}
