/**
 * Whether the corpus-wide concept derivation is behind the stored issues (`concept_derivation`,
 * one row). A quick ingest (quick.ts) places a changed issue's mentions of the concepts already
 * chosen and marks the derivation due; the full derivation (store.ts's refreshConcepts) marks it
 * done for the generation it started from. A change made while a full pass runs bumps the
 * generation past it, so the pass knows to go round once more.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { type Executor, rows } from "@/db/rows";

export type DerivationState = {
  generation: number;
  derivedGeneration: number;
  /** When the derivation fell behind; null when it is up to date. */
  pendingSince: Date | null;
  pendingReason: string | null;
  backgroundPid: number | null;
  backgroundStartedAt: Date | null;
};

type Row = {
  generation: number;
  derived_generation: number;
  pending_since: Date | string | null;
  pending_reason: string | null;
  background_pid: number | null;
  background_started_at: Date | string | null;
};

const asDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export async function readDerivation(db: Db): Promise<DerivationState> {
  const [row] = await rows<Row>(db, sql`select * from concept_derivation where id = 1`);
  return {
    generation: row?.generation ?? 0,
    derivedGeneration: row?.derived_generation ?? 0,
    pendingSince: asDate(row?.pending_since ?? null),
    pendingReason: row?.pending_reason ?? null,
    backgroundPid: row?.background_pid ?? null,
    backgroundStartedAt: asDate(row?.background_started_at ?? null),
  };
}

/** The full derivation is due (`reason` says why, for the author). Returns the new generation. */
export async function markDerivationPending(db: Executor, reason: string): Promise<number> {
  const [row] = await rows<{ generation: number }>(
    db,
    sql`insert into concept_derivation (id, generation, pending_since, pending_reason) values (1, 1, now(), ${reason})
        on conflict (id) do update set generation = concept_derivation.generation + 1,
          pending_since = coalesce(concept_derivation.pending_since, now()),
          pending_reason = case when concept_derivation.pending_since is null then ${reason}
                                else concept_derivation.pending_reason end
        returning generation`,
  );
  return row!.generation;
}

/**
 * The full derivation that started at `generation` is written. Pending stays set when a quick
 * change came in after it started (its generation is higher).
 */
export async function markDerivationDone(db: Executor, generation: number): Promise<void> {
  await db.execute(sql`
    insert into concept_derivation (id, generation, derived_generation) values (1, ${generation}, ${generation})
    on conflict (id) do update set
      derived_generation = greatest(concept_derivation.derived_generation, ${generation}),
      pending_since = case when concept_derivation.generation <= ${generation} then null else concept_derivation.pending_since end,
      pending_reason = case when concept_derivation.generation <= ${generation} then null else concept_derivation.pending_reason end`);
}

/** A background pass was started as process `pid` (for status displays: it may have died since). */
export async function recordBackgroundPass(db: Db, pid: number): Promise<void> {
  await db.execute(sql`
    insert into concept_derivation (id, background_pid, background_started_at) values (1, ${pid}, now())
    on conflict (id) do update set background_pid = ${pid}, background_started_at = now()`);
}

/** "pending since 2026-12-02 01:02:03 UTC (1 issue added or edited)", or undefined when up to date. */
export function describePending(state: DerivationState): string | undefined {
  if (!state.pendingSince) return undefined;
  const at = `${state.pendingSince.toISOString().slice(0, 19).replace("T", " ")} UTC`;
  return `concepts re-derivation pending since ${at}${state.pendingReason ? ` (${state.pendingReason})` : ""}`;
}
