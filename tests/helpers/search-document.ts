/** Search documents written by a test, for the built-in engine's in-memory index. */
import { MemoryIndex, type StoredDocument } from "@/lib/search/memory-index";

/** An issue's document: `id` is its row and issue id, everything else a plain default unless given. */
export function storedIssue(
  id: number,
  fields: Partial<StoredDocument> & { title: string; body: string },
): StoredDocument {
  return {
    rowId: id,
    generation: 1,
    key: `issue-${id}`,
    kind: "issue",
    refId: id,
    slug: `issue-${id}`,
    url: `/issues/issue-${id}`,
    number: null,
    series: null,
    year: 2024,
    publishedAt: null,
    concepts: [],
    conceptNames: [],
    headings: [],
    snippetText: fields.body,
    ...fields,
  };
}

/** A built index of `docs`. */
export function indexOf(docs: StoredDocument[]): MemoryIndex {
  const index = new MemoryIndex();
  for (const d of docs) index.put(d);
  index.build();
  return index;
}
