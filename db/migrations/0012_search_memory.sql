DROP TABLE "search_postings" CASCADE;--> statement-breakpoint
DROP TABLE "search_vocabulary" CASCADE;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "concept_names" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "headings" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "body" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "generation" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "search_stats" ADD COLUMN "generation" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "names";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "length";--> statement-breakpoint
ALTER TABLE "search_stats" DROP COLUMN "documents";--> statement-breakpoint
ALTER TABLE "search_stats" DROP COLUMN "avg_length";--> statement-breakpoint
ALTER TABLE "search_stats" DROP COLUMN "impact_avg_length";--> statement-breakpoint
-- The built-in index is now held in each server's memory, analysed there from
-- these rows: Postgres's own text search objects are no longer used.
ALTER TABLE search_documents DROP COLUMN IF EXISTS tsv;--> statement-breakpoint
DROP INDEX IF EXISTS search_documents_concepts_idx;--> statement-breakpoint
DROP FUNCTION IF EXISTS search_key(text);--> statement-breakpoint
DROP TEXT SEARCH CONFIGURATION IF EXISTS concordance_english;--> statement-breakpoint
-- Rows written before this migration lack their text: the next search stage (or `npm run reindex`) writes them again.
UPDATE search_documents SET source_hash = '';--> statement-breakpoint
UPDATE issues SET search_hash = NULL;--> statement-breakpoint
INSERT INTO search_stats (id) VALUES (1) ON CONFLICT (id) DO NOTHING;--> statement-breakpoint

-- Changes that reach search_documents without going through the engine's
-- writer (which raises the generation itself): rows deleted with their issue or
-- concept, and a concept hidden or shown (hidden concepts are left out at query
-- time, before the search stage removes their documents).
CREATE OR REPLACE FUNCTION search_raise_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_stats SET generation = generation + 1 WHERE id = 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS search_documents_deleted ON search_documents;--> statement-breakpoint
CREATE TRIGGER search_documents_deleted AFTER DELETE ON search_documents
  FOR EACH STATEMENT EXECUTE FUNCTION search_raise_generation();--> statement-breakpoint
DROP TRIGGER IF EXISTS concepts_visibility_changed ON concepts;--> statement-breakpoint
CREATE TRIGGER concepts_visibility_changed AFTER UPDATE OF hidden ON concepts
  FOR EACH STATEMENT EXECUTE FUNCTION search_raise_generation();
