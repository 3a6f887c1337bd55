CREATE TABLE "concept_base" (
	"id" integer PRIMARY KEY NOT NULL,
	"state_key" text NOT NULL,
	"issues" integer NOT NULL,
	"state" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
