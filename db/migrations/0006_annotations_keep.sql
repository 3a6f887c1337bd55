ALTER TABLE "annotations" DROP CONSTRAINT "annotations_issue_id_issues_id_fk";
--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_issue_id_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."issues"("id") ON DELETE restrict ON UPDATE no action;