import { ISSUE_CONCEPTS_SHOWN, listIssueConcepts, listIssueMentions } from "@/lib/concepts/queries";
import { ConceptHighlighter } from "./concept-highlighter";

export async function IssueConcepts({ issueId }: { issueId: number }) {
  const concepts = await listIssueConcepts(issueId, ISSUE_CONCEPTS_SHOWN);
  if (concepts.length === 0) return null;
  const mentions = await listIssueMentions(issueId, concepts.map((c) => c.slug));
  return <ConceptHighlighter concepts={concepts.map(({ slug, name, mentionCount }) => ({ slug, name, mentionCount }))} mentions={mentions} />;
}
