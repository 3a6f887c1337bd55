CREATE TABLE "concept_issue_candidates" (
	"issue_id" integer PRIMARY KEY NOT NULL,
	"content_hash" text NOT NULL,
	"version" integer NOT NULL,
	"candidates" jsonb NOT NULL,
	"mentions_digest" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "concept_issues" (
	"concept_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"mention_count" integer NOT NULL,
	"score" real NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "concept_issues_concept_id_issue_id_pk" PRIMARY KEY("concept_id","issue_id")
);
--> statement-breakpoint
ALTER TABLE "concepts" ADD COLUMN "member_keys" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "concepts" ADD COLUMN "former_slugs" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "concept_issue_candidates" ADD CONSTRAINT "concept_issue_candidates_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concept_issues" ADD CONSTRAINT "concept_issues_concept_id_concepts_id_fk" FOREIGN KEY ("concept_id") REFERENCES "public"."concepts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concept_issues" ADD CONSTRAINT "concept_issues_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "concept_issues_issue_idx" ON "concept_issues" USING btree ("issue_id","rank");