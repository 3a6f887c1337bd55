-- Full-text search over a reader's notes and quotes (/me/annotations?q=).
-- The expression must match the one in lib/annotations/queries.ts exactly.
CREATE INDEX IF NOT EXISTS "annotations_search_idx" ON "annotations"
  USING gin (to_tsvector('english'::regconfig, coalesce("note", '') || ' ' || coalesce("exact", '')));
