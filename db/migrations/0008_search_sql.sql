-- The built-in search engine's raw SQL: extensions, the text search
-- configuration, the weighted tsvector and its GIN index, the trigram index over
-- the vocabulary. Idempotent, because migrations may be renumbered on merge.

-- Both ship with PostgreSQL's contrib (and embedded-postgres) and are trusted extensions.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint

-- English stemming over unaccented words, so "café" and "cafe" index (and match) alike.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'concordance_english') THEN
    CREATE TEXT SEARCH CONFIGURATION concordance_english (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION concordance_english
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END
$$;--> statement-breakpoint

-- Weights: A title, B concepts, C headings, D body.
ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS tsv tsvector NOT NULL DEFAULT ''::tsvector;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_documents_tsv_idx ON search_documents USING gin (tsv);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_documents_concepts_idx ON search_documents USING gin (concepts);--> statement-breakpoint

-- Scoring reads postings straight from these indexes: all of a term's documents,
-- one (term, document) pair, or a term's highest-impact documents first.
CREATE UNIQUE INDEX IF NOT EXISTS search_postings_lexeme_document_key ON search_postings (lexeme, document_id) INCLUDE (impact, concept);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_postings_lexeme_impact_idx ON search_postings (lexeme, impact DESC) INCLUDE (document_id);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_postings_document_idx ON search_postings (document_id);--> statement-breakpoint

-- Typo tolerance (trigram similarity) and as-you-type completion (prefix) over the vocabulary.
CREATE INDEX IF NOT EXISTS search_vocabulary_word_trgm_idx ON search_vocabulary USING gin (word gin_trgm_ops);--> statement-breakpoint
-- "Did you mean": the nearest words by trigram distance, however far (GiST orders by distance).
CREATE INDEX IF NOT EXISTS search_vocabulary_word_trgm_knn_idx ON search_vocabulary USING gist (word gist_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_vocabulary_word_prefix_idx ON search_vocabulary (word text_pattern_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_vocabulary_lexeme_idx ON search_vocabulary (lexeme);
--> statement-breakpoint

-- A phrase reduced to its lexemes in order ("Feature-Factories!" → "featur factori"):
-- how a query is matched against concept names and aliases. Punctuation is
-- dropped first so that hyphenated and spaced spellings agree.
CREATE OR REPLACE FUNCTION search_key(phrase text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(lexeme, ' ' ORDER BY pos, lexeme), '')
  FROM (SELECT t.lexeme, unnest(t.positions) AS pos FROM unnest(to_tsvector('concordance_english', regexp_replace(phrase, '[^[:alnum:]]+', ' ', 'g'))) AS t) AS x
$$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS search_documents_names_idx ON search_documents USING gin (names);--> statement-breakpoint

INSERT INTO search_stats (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
