/**
 * The built-in search engine: documents stored in Postgres (search_documents,
 * the source every server reads), analysed into an index held in this
 * process's memory and ranked there. No other server, no index file.
 *
 * Its parts, each deciding one thing:
 * - builtin-writer.ts: writing documents, and the generation that tells
 *   readers their copy is stale;
 * - builtin-cache.ts: bringing this process's copy up to date before a read;
 * - memory-index.ts (with postings.ts, lexicon.ts): the index itself;
 * - builtin-search.ts, query-plan.ts, ranking.ts: answering a request;
 * - lookup.ts: the concept a query names and "did you mean", which serve
 *   whichever engine searches.
 */
import type { Db } from "@/db";
import type { EngineResult, SearchDocument, SearchEngine, SearchRequest } from "./engine";
import { replaceAllDocuments, removeDocuments, upsertDocumentBatches, upsertDocuments } from "./builtin-writer";
import { withCurrentIndex } from "./builtin-cache";
import { searchIndex } from "./builtin-search";
import { findNamedConcept, suggestCorrection, type NamedConcept } from "./lookup";
import type { MemoryIndex } from "./memory-index";
import { DEFAULT_RANKING, type RankingParams } from "./postings";
import { DEFAULT_PROXIMITY, type ProximityParams } from "./ranking";

export type Ranking = { bm25: RankingParams; proximity: ProximityParams };
export const DEFAULT_RANKING_SETTINGS: Ranking = { bm25: DEFAULT_RANKING, proximity: DEFAULT_PROXIMITY };

export type BuiltInEngine = SearchEngine & {
  /** Add or replace many documents (batches, read as they are written) in one transaction. */
  upsertMany(batches: AsyncIterable<SearchDocument[]>): Promise<void>;
  namedConcept(q: string): Promise<NamedConcept | null>;
  suggest(q: string): Promise<string | null>;
  /** Bring this process's copy of the index up to date now; returns how many documents it holds. */
  warm(): Promise<number>;
  /**
   * Several lookups answered from one copy of the index, current as of one
   * freshness check: a search box's request needs the named concept, the page
   * and sometimes a suggestion, and each check is a round trip to Postgres.
   */
  read<T>(work: (view: BuiltInView) => T): Promise<T>;
};

/** The built-in engine's answers, synchronous, over one copy of the index (BuiltInEngine.read). */
type BuiltInView = {
  search(request: SearchRequest): EngineResult;
  namedConcept(q: string): NamedConcept | null;
  suggest(q: string): string | null;
};

export function createBuiltInEngine(db: Db, ranking: Ranking = DEFAULT_RANKING_SETTINGS): BuiltInEngine {
  const current = <T>(read: (index: MemoryIndex) => T) => withCurrentIndex(db, ranking.bm25, read);
  return {
    name: "postgres",
    search: (request) => current((index) => searchIndex(index, request, ranking.proximity)),
    namedConcept: (q) => current((index) => findNamedConcept(index, q)),
    suggest: (q) => current((index) => suggestCorrection(index, q)),
    warm: () => current((index) => index.size),
    read: (work) =>
      current((index) =>
        work({
          search: (request) => searchIndex(index, request, ranking.proximity),
          namedConcept: (q) => findNamedConcept(index, q),
          suggest: (q) => suggestCorrection(index, q),
        }),
      ),
    upsert: (documents) => upsertDocuments(db, documents),
    upsertMany: (batches) => upsertDocumentBatches(db, batches),
    remove: (ids) => removeDocuments(db, ids),
    rebuild: (batches) => replaceAllDocuments(db, batches),
  };
}
