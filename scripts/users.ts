/**
 * npm run users -- <command>
 *   list                    every account: email, name, created, verified address, role and why
 *   grant-author <email>    give the author role (no proof of the address needed: your decision)
 *   revoke-author <email>   take it away, even from an address in AUTHOR_EMAILS
 *   sign-out <email>        end every session of the account, on every device
 * Role changes apply to the account's next request; nobody needs to sign in again.
 */
import { Command } from "commander";
import { getDb } from "@/db";
import {
  AccountError,
  grantAuthor,
  listAccounts,
  revokeAuthor,
  roleOf,
  signOutEverywhere,
  type RoleReason,
} from "@/lib/auth/accounts";
import { runWithDatabase } from "@/lib/cli/run";

const out = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const reasons: Record<RoleReason, string> = {
  granted: "granted with grant-author",
  revoked: "revoked with revoke-author",
  "verified author email": "in AUTHOR_EMAILS, address verified",
  "author email not verified":
    "in AUTHOR_EMAILS but the address isn't verified: sign in with an email link, or grant-author",
  reader: "",
};

function run(work: () => Promise<number>): void {
  void runWithDatabase(
    async () => {
      try {
        return await work();
      } catch (err) {
        if (err instanceof AccountError) {
          log(`error: ${err.message}`);
          return 2;
        }
        throw err;
      }
    },
    { quiet: true },
  );
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}

const program = new Command().name("users").description("Accounts and the author role").showHelpAfterError();

program
  .command("list")
  .description("every account with its role")
  .option("--json", "machine-readable output")
  .action((options: { json?: boolean }) =>
    run(async () => {
      const accounts = await listAccounts(getDb());
      if (options.json) {
        out(JSON.stringify(accounts, null, 2));
        return 0;
      }
      if (accounts.length === 0) {
        log("No accounts yet. Readers create theirs at /signup.");
        return 0;
      }
      const rows = accounts.map((a) => [
        a.email ?? "(no email)",
        a.name ?? "",
        a.createdAt.toISOString().slice(0, 10),
        a.verified ? "verified" : "unverified",
        a.role,
        reasons[a.reason],
      ]);
      for (const line of table([["EMAIL", "NAME", "CREATED", "ADDRESS", "ROLE", "WHY"], ...rows])) out(line);
      return 0;
    }),
  );

program
  .command("grant-author <email>")
  .description("give an account the author role")
  .action((email: string) =>
    run(async () => {
      const user = await grantAuthor(getDb(), email);
      log(`${user.email} is now an author (${reasons[roleOf(user).reason]}).`);
      return 0;
    }),
  );

program
  .command("revoke-author <email>")
  .description("take the author role away")
  .action((email: string) =>
    run(async () => {
      const user = await revokeAuthor(getDb(), email);
      log(`${user.email} is now a reader (${reasons[roleOf(user).reason]}).`);
      return 0;
    }),
  );

program
  .command("sign-out <email>")
  .description("end every session of an account")
  .action((email: string) =>
    run(async () => {
      const user = await signOutEverywhere(getDb(), email);
      log(`Every session of ${user.email} has ended; it signs in again to continue.`);
      return 0;
    }),
  );

program.parse();
