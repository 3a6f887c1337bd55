import { getCachedIssueConcepts } from "@/lib/cache/reads";
import { ConceptHighlighter } from "./concept-highlighter";

export async function IssueConcepts({ issueId }: { issueId: number }) {
  const { concepts, mentions } = await getCachedIssueConcepts(issueId);
  if (concepts.length === 0) return null;
  return (
    <ConceptHighlighter
      concepts={concepts.map(({ slug, name, mentionCount }) => ({ slug, name, mentionCount }))}
      mentions={mentions}
    />
  );
}
