-- Issues stored before source urls were checked may carry a javascript:, data: or relative
-- address, which the issue page links to as "Read the original". Ingest now keeps only
-- absolute http(s) addresses; this drops the others already stored. Idempotent.
UPDATE "issues" SET "source_url" = NULL WHERE "source_url" IS NOT NULL AND "source_url" !~* '^https?://';
