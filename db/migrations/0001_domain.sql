CREATE TABLE "concept_mentions" (
	"id" serial PRIMARY KEY NOT NULL,
	"concept_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"block_id" text NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"surface" text NOT NULL,
	"context" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concept_relations" (
	"concept_id" integer NOT NULL,
	"related_id" integer NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "concept_relations_concept_id_related_id_pk" PRIMARY KEY("concept_id","related_id")
);
--> statement-breakpoint
CREATE TABLE "concept_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"value" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concepts" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"definition_issue_id" integer,
	"definition_block_id" text,
	"definition_text" text,
	"first_seen_at" timestamp with time zone,
	"mention_count" integer DEFAULT 0 NOT NULL,
	"issue_count" integer DEFAULT 0 NOT NULL,
	"counts_by_year" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"issue_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"block_id" text,
	"exact" text NOT NULL,
	"prefix" text DEFAULT '' NOT NULL,
	"suffix" text DEFAULT '' NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visibility" text DEFAULT 'private' NOT NULL,
	"hidden_by_author" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'anchored' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"inputs" jsonb NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"counts" jsonb,
	"details" jsonb,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "concepts_hash" text;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "search_hash" text;--> statement-breakpoint
ALTER TABLE "concept_mentions" ADD CONSTRAINT "concept_mentions_concept_id_concepts_id_fk" FOREIGN KEY ("concept_id") REFERENCES "public"."concepts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concept_mentions" ADD CONSTRAINT "concept_mentions_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concept_relations" ADD CONSTRAINT "concept_relations_concept_id_concepts_id_fk" FOREIGN KEY ("concept_id") REFERENCES "public"."concepts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concept_relations" ADD CONSTRAINT "concept_relations_related_id_concepts_id_fk" FOREIGN KEY ("related_id") REFERENCES "public"."concepts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concepts" ADD CONSTRAINT "concepts_definition_issue_id_issues_id_fk" FOREIGN KEY ("definition_issue_id") REFERENCES "public"."issues"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concept_mentions_concept_idx" ON "concept_mentions" USING btree ("concept_id");--> statement-breakpoint
CREATE INDEX "concept_mentions_issue_idx" ON "concept_mentions" USING btree ("issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "concepts_slug_key" ON "concepts" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "concepts_key_key" ON "concepts" USING btree ("key");--> statement-breakpoint
CREATE INDEX "annotations_user_idx" ON "annotations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "annotations_issue_idx" ON "annotations" USING btree ("issue_id");