CREATE TABLE "ingest_boilerplate" (
	"block_id" text PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"occurrences" integer DEFAULT 0 NOT NULL,
	"learned_at" timestamp with time zone DEFAULT now() NOT NULL
);
