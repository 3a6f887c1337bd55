ALTER TABLE "issues" ADD COLUMN "date_precision" text DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "date_set_by_author" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "is_sample" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
-- Databases that loaded the sample issues before they were marked: the samples are the issues at their example address.
UPDATE "issues" SET "is_sample" = true WHERE "source_url" LIKE 'https://example.org/long-loop/%';
