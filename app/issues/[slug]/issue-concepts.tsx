import { listIssueConcepts, listIssueMentions } from "@/lib/concepts/queries";
import { ConceptHighlighter } from "./concept-highlighter";

/** How many of an issue's concepts the page lists (its top-ranked; the gold test measures the same number). */
export const ISSUE_CONCEPTS_SHOWN = 10;

export async function IssueConcepts({ issueId }: { issueId: number }) {
  const concepts = await listIssueConcepts(issueId, ISSUE_CONCEPTS_SHOWN);
  if (concepts.length === 0) return null;
  const mentions = await listIssueMentions(issueId, concepts.map((c) => c.slug));
  return <ConceptHighlighter concepts={concepts.map(({ slug, name, mentionCount }) => ({ slug, name, mentionCount }))} mentions={mentions} />;
}
