ALTER TABLE "concept_derivation" ADD COLUMN "counted_gen" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "concept_derivation" ADD COLUMN "counted_keys" jsonb;--> statement-breakpoint
ALTER TABLE "concept_issue_candidates" ADD COLUMN "key_counts" jsonb;