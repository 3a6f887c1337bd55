/** A reader's annotations as W3C Web Annotation JSON-LD, and as Markdown to keep or paste elsewhere. */
import type { AnnotationView, MyReplyView, ReplyView } from "./views";

export const JSONLD_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

type Body = { type: "TextualBody"; value: string; purpose: "commenting" | "tagging"; format?: string };

function annotationIri(origin: string, id: string): string {
  return `${origin}/api/annotations/${id}`;
}

function replyIri(origin: string, reply: Pick<ReplyView, "id" | "annotationId">): string {
  return `${annotationIri(origin, reply.annotationId)}/replies/${reply.id}`;
}

/** A reply as W3C sees one: an annotation whose target is the annotation it answers. */
function toW3cReply(r: ReplyView, origin: string) {
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: replyIri(origin, r),
    type: "Annotation",
    motivation: "replying",
    created: r.createdAt,
    modified: r.updatedAt,
    creator: { type: "Person", name: r.author.name },
    body: [{ type: "TextualBody", value: r.note, format: "text/markdown", purpose: "replying" }],
    target: annotationIri(origin, r.annotationId),
    ...(r.hidden && { "concordance:hidden": true }),
  };
}

function toW3cAnnotation(a: AnnotationView, origin: string) {
  const body: Body[] = [];
  if (a.note) body.push({ type: "TextualBody", value: a.note, format: "text/markdown", purpose: "commenting" });
  for (const tag of a.tags) body.push({ type: "TextualBody", value: tag, purpose: "tagging" });
  return {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    id: annotationIri(origin, a.id),
    type: "Annotation",
    motivation: a.note ? "commenting" : "highlighting",
    created: a.createdAt,
    modified: a.updatedAt,
    // A deleted annotation kept for its thread has no creator any more.
    ...(!a.deleted && { creator: { type: "Person", name: a.author.name } }),
    ...(body.length > 0 && { body }),
    target: {
      source: `${origin}${a.issue.url}`,
      selector: a.selectors,
    },
    // Not W3C vocabulary: how this annotation stands in Concordance.
    "concordance:visibility": a.visibility,
    "concordance:status": a.status,
    ...(a.deleted && { "concordance:deleted": true }),
    ...(a.issue.withdrawn && { "concordance:issueWithdrawn": true }),
  };
}

/**
 * A collection of annotations, each followed by the replies in its thread, then
 * any `elsewhere` replies (the reader's own, to other readers' annotations).
 */
export function toJsonLdCollection(
  items: AnnotationView[],
  origin: string,
  label: string,
  elsewhere: MyReplyView[] = [],
) {
  const entries = [
    ...items.flatMap((a) => [toW3cAnnotation(a, origin), ...a.replies.map((r) => toW3cReply(r, origin))]),
    ...elsewhere.map((r) => toW3cReply(r, origin)),
  ].map(({ "@context": _context, ...rest }) => rest);
  return {
    "@context": ["http://www.w3.org/ns/anno.jsonld", { concordance: `${origin}/ns#` }],
    type: "AnnotationCollection",
    label,
    total: entries.length,
    first: {
      type: "AnnotationPage",
      startIndex: 0,
      items: entries,
    },
  };
}

function quoteBlock(text: string): string {
  return text
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

function replyMarkdown(r: ReplyView): string[] {
  const who = `**${r.author.name.replace(/([\\`*_[\]<>])/g, "\\$1")}**${r.mine ? " (you)" : ""}, ${r.createdAt.slice(0, 10)}${r.hidden ? " (hidden by the author)" : ""}:`;
  return [quoteBlock(`${who}\n\n${r.note.trim()}`), ""];
}

/** Grouped by issue, each annotation as a quote, its note, tags, a link back and its replies; then the reader's replies elsewhere. */
export function toMarkdown(
  items: AnnotationView[],
  origin: string,
  title = "My annotations",
  elsewhere: MyReplyView[] = [],
): string {
  const byIssue = new Map<string, AnnotationView[]>();
  for (const a of items) {
    const list = byIssue.get(a.issue.slug) ?? [];
    list.push(a);
    byIssue.set(a.issue.slug, list);
  }
  const out: string[] = [`# ${title}`, ""];
  if (items.length === 0 && elsewhere.length === 0) out.push("No annotations yet.", "");
  for (const list of byIssue.values()) {
    const issue = list[0]!.issue;
    if (issue.withdrawn)
      out.push(
        `## ${issue.title}`,
        "",
        "_The author has withdrawn this issue; your annotations on it are kept here._",
        "",
      );
    else out.push(`## [${issue.title}](${origin}${issue.url})`, "");
    for (const a of [...list].sort((x, y) => x.start - y.start)) {
      out.push(quoteBlock(a.exact), "");
      if (a.status === "orphaned") out.push("_This passage is no longer in the issue._", "");
      if (a.deleted) out.push("_The annotation was deleted by its reader; the replies to it are kept._", "");
      if (a.note) out.push(a.note.trim(), "");
      const meta = [
        a.tags.length > 0 ? a.tags.map((t) => `#${t.replace(/\s+/g, "-")}`).join(" ") : "",
        a.visibility === "public" ? "public" : "private",
        a.createdAt.slice(0, 10),
        a.status === "anchored" && !issue.withdrawn ? `[link](${origin}${issue.url}#${a.blockId ?? ""})` : "",
      ].filter(Boolean);
      out.push(`<sub>${meta.join(" · ")}</sub>`, "");
      if (a.replies.length > 0) {
        out.push(`Replies (${a.replies.length}):`, "");
        for (const r of a.replies) out.push(...replyMarkdown(r));
      }
      out.push("---", "");
    }
  }
  if (elsewhere.length > 0) {
    out.push("## Your replies to other readers", "");
    for (const r of elsewhere) {
      const issue = r.parent.issue;
      out.push(
        issue.withdrawn ? `On _${issue.title}_:` : `On [${issue.title}](${origin}${issue.url}):`,
        "",
        quoteBlock(r.parent.exact),
        "",
      );
      if (r.parent.note) out.push(`${r.parent.author.name} wrote:`, "", quoteBlock(r.parent.note.trim()), "");
      out.push(...replyMarkdown(r), "---", "");
    }
  }
  return out.join("\n");
}
