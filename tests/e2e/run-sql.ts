/** node --import tsx tests/e2e/run-sql.ts "<statement>": runs it on the configured (or embedded) database, prints the rows as JSON. */
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { runWithDatabase } from "@/lib/cli/run";

void runWithDatabase(
  async () => {
    const rows = await getDb().execute(sql.raw(process.argv[2] ?? ""));
    process.stdout.write(JSON.stringify(Array.from(rows)));
    return 0;
  },
  { quiet: true },
);
