/** A reader's annotations as W3C Web Annotation JSON-LD, and as Markdown to keep or paste elsewhere. */
import type { AnnotationView } from "./queries";

export const JSONLD_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

type Body = { type: "TextualBody"; value: string; purpose: "commenting" | "tagging"; format?: string };

export function toW3cAnnotation(a: AnnotationView, origin: string) {
  const body: Body[] = [];
  if (a.note) body.push({ type: "TextualBody", value: a.note, format: "text/markdown", purpose: "commenting" });
  for (const tag of a.tags) body.push({ type: "TextualBody", value: tag, purpose: "tagging" });
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: `${origin}/api/annotations/${a.id}`,
    type: "Annotation",
    motivation: a.note ? "commenting" : "highlighting",
    created: a.createdAt,
    modified: a.updatedAt,
    creator: { type: "Person", name: a.author.name },
    ...(body.length > 0 && { body }),
    target: {
      source: `${origin}${a.issue.url}`,
      selector: a.selectors,
    },
    // Not W3C vocabulary: how this annotation stands in Concordance.
    "concordance:visibility": a.visibility,
    "concordance:status": a.status,
    ...(a.issue.withdrawn && { "concordance:issueWithdrawn": true }),
  };
}

export function toJsonLdCollection(items: AnnotationView[], origin: string, label: string) {
  return {
    "@context": ["http://www.w3.org/ns/anno.jsonld", { concordance: `${origin}/ns#` }],
    type: "AnnotationCollection",
    label,
    total: items.length,
    first: {
      type: "AnnotationPage",
      startIndex: 0,
      items: items.map((a) => {
        const { "@context": _context, ...rest } = toW3cAnnotation(a, origin);
        return rest;
      }),
    },
  };
}

function quoteBlock(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

/** Grouped by issue, each annotation as a quote, its note, tags and a link back. */
export function toMarkdown(items: AnnotationView[], origin: string, title = "My annotations"): string {
  const byIssue = new Map<string, AnnotationView[]>();
  for (const a of items) {
    const list = byIssue.get(a.issue.slug) ?? [];
    list.push(a);
    byIssue.set(a.issue.slug, list);
  }
  const out: string[] = [`# ${title}`, ""];
  if (items.length === 0) out.push("No annotations yet.", "");
  for (const list of byIssue.values()) {
    const issue = list[0]!.issue;
    if (issue.withdrawn) out.push(`## ${issue.title}`, "", "_The author has withdrawn this issue; your annotations on it are kept here._", "");
    else out.push(`## [${issue.title}](${origin}${issue.url})`, "");
    for (const a of [...list].sort((x, y) => x.start - y.start)) {
      out.push(quoteBlock(a.exact), "");
      if (a.status === "orphaned") out.push("_This passage is no longer in the issue._", "");
      if (a.note) out.push(a.note.trim(), "");
      const meta = [
        a.tags.length > 0 ? a.tags.map((t) => `#${t.replace(/\s+/g, "-")}`).join(" ") : "",
        a.visibility === "public" ? "public" : "private",
        a.createdAt.slice(0, 10),
        a.status === "anchored" && !issue.withdrawn ? `[link](${origin}${issue.url}#${a.blockId ?? ""})` : "",
      ].filter(Boolean);
      out.push(`<sub>${meta.join(" · ")}</sub>`, "", "---", "");
    }
  }
  return out.join("\n");
}
