import { getDb } from "@/db";
import { runWithDatabase } from "@/lib/cli/run";
import { sql } from "drizzle-orm";
void runWithDatabase(async () => {
  const q = process.argv[2]!;
  console.log(JSON.stringify(await getDb().execute(sql.raw(q)), null, 1).slice(0, 4000));
  return 0;
}, { quiet: true });
