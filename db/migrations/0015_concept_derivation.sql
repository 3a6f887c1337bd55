CREATE TABLE "concept_derivation" (
	"id" integer PRIMARY KEY NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"derived_generation" integer DEFAULT 0 NOT NULL,
	"pending_since" timestamp with time zone,
	"pending_reason" text,
	"background_pid" integer,
	"background_started_at" timestamp with time zone
);
--> statement-breakpoint
INSERT INTO "concept_derivation" ("id") VALUES (1) ON CONFLICT DO NOTHING;
