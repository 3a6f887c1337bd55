CREATE TABLE "search_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"issue_id" integer,
	"concept_id" integer,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"year" integer,
	"published_at" timestamp with time zone,
	"number" integer,
	"series" text,
	"concepts" text[] DEFAULT '{}' NOT NULL,
	"names" text[] DEFAULT '{}' NOT NULL,
	"length" integer NOT NULL,
	"source_hash" text NOT NULL,
	"meili_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_postings" (
	"lexeme" text NOT NULL,
	"document_id" integer NOT NULL,
	"tf" real NOT NULL,
	"fields" smallint DEFAULT 0 NOT NULL,
	"impact" real NOT NULL,
	"concept" boolean DEFAULT false NOT NULL,
	"length" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_stats" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"documents" integer DEFAULT 0 NOT NULL,
	"avg_length" real DEFAULT 1 NOT NULL,
	"impact_avg_length" real DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_vocabulary" (
	"word" text PRIMARY KEY NOT NULL,
	"lexeme" text NOT NULL,
	"document_count" integer DEFAULT 0 NOT NULL,
	"issue_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_concept_id_concepts_id_fk" FOREIGN KEY ("concept_id") REFERENCES "public"."concepts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_postings" ADD CONSTRAINT "search_postings_document_id_search_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."search_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "search_documents_key_key" ON "search_documents" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "search_documents_issue_key" ON "search_documents" USING btree ("issue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "search_documents_concept_key" ON "search_documents" USING btree ("concept_id");--> statement-breakpoint
CREATE INDEX "search_documents_year_idx" ON "search_documents" USING btree ("year");