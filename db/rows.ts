/**
 * Raw SQL that returns rows. Drizzle's `execute` answers with the driver's row
 * list, typed loosely; these are the rows as the caller declares them, which is
 * all a hand-written query can promise.
 */
import type { SQL } from "drizzle-orm";
import type { Db } from "./index";

/** Anything that runs SQL: the database or a transaction. */
export type Executor = Pick<Db, "execute">;

export async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}
