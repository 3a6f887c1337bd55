// The annotation layer of an issue page: loads what this reader may see, hands it to the browser.
import { getDb } from "@/db";
import type { Issue } from "@/db/schema";
import { listIssueAnnotations } from "@/lib/annotations/queries";
import { getCurrentUser } from "@/lib/auth/session";
import { listCachedPublicAnnotations } from "@/lib/cache/reads";
import { AnnotationLayer } from "./annotation-layer";

export async function IssueAnnotations({ issue }: { issue: Issue }) {
  const viewer = await getCurrentUser();
  // Signed out, everyone sees the same public notes (shared from the cache); signed in, one's own are read fresh.
  const items = viewer
    ? await listIssueAnnotations(getDb(), issue.id, viewer)
    : await listCachedPublicAnnotations(issue.id);
  return (
    <AnnotationLayer
      key={`${issue.slug}@${issue.revision}`}
      slug={issue.slug}
      blocks={issue.blocks.map(({ id, start, end }) => ({ id, start, end }))}
      initial={items}
      viewer={viewer ? { name: viewer.name, role: viewer.role } : null}
    />
  );
}
