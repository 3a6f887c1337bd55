/**
 * What an annotation or a reply looks like to pages, the API and exports: stored rows turned into
 * views for one viewer (their own marked `mine`, a deleted reader credited as a former one), with
 * a stale position re-anchored in memory. No database access here.
 */
import type { Annotation, AnnotationReply, AnnotationStatus, AnnotationVisibility, Issue } from "@/db/schema";
import type { CurrentUser } from "@/lib/auth/types";
import { issueUrl } from "@/lib/issues/json";
import { anchorTarget } from "./anchor";
import { FORMER_READER } from "./credit";
import { plainNoteHtml } from "./note";
import { toSelectors, type Selector, type TextTarget } from "./selectors";

/** One annotation as pages, the API and exports see it. */
// The passage (`TextTarget`): its offsets are in the issue's current text, and
// meaningless when `status` is "orphaned".
export type AnnotationView = TextTarget & {
  id: string;
  /** `withdrawn`: the author took the issue away from readers; its owner's annotations stay theirs. */
  issue: { slug: string; title: string; url: string; revision: number; withdrawn: boolean };
  selectors: Selector[];
  note: string;
  noteHtml: string;
  tags: string[];
  visibility: AnnotationVisibility;
  hidden: boolean;
  status: AnnotationStatus;
  /** `former`: its reader deleted their account and kept it public without their name. */
  author: { name: string; former: boolean };
  mine: boolean;
  /** Deleted by its reader but kept, as the passage alone, for the replies other readers made to it. */
  deleted: boolean;
  /** The replies the viewer may see, oldest first (filled where threads are shown). */
  replies: ReplyView[];
  createdAt: string;
  updatedAt: string;
};

/** One reply in an annotation's thread. */
export type ReplyView = {
  id: string;
  annotationId: string;
  note: string;
  noteHtml: string;
  author: { name: string; former: boolean };
  mine: boolean;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
};

export type Row = {
  annotation: Annotation;
  issue: Pick<Issue, "slug" | "title" | "revision" | "text" | "withdrawnAt">;
  authorName: string | null;
  authorEmail: string | null;
};

function displayName(userId: string | null, name: string | null, email: string | null): string {
  if (userId === null) return FORMER_READER;
  // Names stored before sign-up refused invisible characters lose them here.
  const shown = name?.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]/gu, "").trim();
  return shown || email?.split("@")[0] || "A reader";
}

function authorOf(userId: string | null, name: string | null, email: string | null): { name: string; former: boolean } {
  return { name: displayName(userId, name, email), former: userId === null };
}

/** The issue an annotation belongs to, as every view of it names it. */
function issueOf(row: Row): AnnotationView["issue"] {
  return {
    slug: row.issue.slug,
    title: row.issue.title,
    url: issueUrl(row.issue.slug),
    revision: row.issue.revision,
    withdrawn: row.issue.withdrawnAt != null,
  };
}

type Shown = Pick<AnnotationView, "noteHtml" | "tags" | "status"> & { target: TextTarget };

function buildView(row: Row, viewer: CurrentUser | null, { target, noteHtml, tags, status }: Shown): AnnotationView {
  const a = row.annotation;
  return {
    id: a.id,
    issue: issueOf(row),
    ...target,
    selectors: toSelectors(target),
    note: a.note,
    noteHtml,
    tags,
    visibility: a.visibility,
    hidden: a.hiddenByAuthor,
    status,
    author: authorOf(a.userId, row.authorName, row.authorEmail),
    mine: !!viewer && viewer.id === a.userId,
    deleted: a.deletedAt !== null,
    replies: [],
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/**
 * The view of one row. A row whose revision lags the issue's (re-anchoring has
 * not run yet) is anchored in memory so the page never shows a stale position.
 */
function toView(row: Row, viewer: CurrentUser | null): AnnotationView {
  const a = row.annotation;
  let { start, end, exact } = a;
  let status = a.status;
  if (a.revision !== row.issue.revision && status === "anchored") {
    const anchor = anchorTarget(row.issue.text, a);
    if (anchor) {
      start = anchor.start;
      end = anchor.end;
      exact = row.issue.text.slice(start, end);
    } else {
      status = "orphaned";
    }
  }
  return buildView(row, viewer, {
    target: { exact, prefix: a.prefix, suffix: a.suffix, start, end, blockId: a.blockId },
    // Rendered when the note was written; never rendered per view.
    noteHtml: a.noteHtml ?? plainNoteHtml(a.note),
    tags: a.tags,
    status,
  });
}

/**
 * One annotation that can't be made into a view (whatever the reason) must not
 * take the page down for everyone: it is shown as its stored quote and its note
 * as plain text, where it was made.
 */
export function toViewSafely(row: Row, viewer: CurrentUser | null): AnnotationView {
  try {
    return toView(row, viewer);
  } catch (err) {
    console.error(
      `annotation ${row.annotation.id} shown as its quote: ${err instanceof Error ? err.name + ": " + err.message : String(err)}`,
    );
    const a = row.annotation;
    return buildView(row, viewer, {
      target: { exact: a.exact, prefix: a.prefix, suffix: a.suffix, start: a.start, end: a.end, blockId: a.blockId },
      noteHtml: plainNoteHtml(a.note),
      tags: Array.isArray(a.tags) ? a.tags.filter((t): t is string => typeof t === "string") : [],
      status: a.revision === row.issue.revision ? a.status : "orphaned",
    });
  }
}

/** A reply the viewer wrote, with the annotation it answers (for "my" exports). */
export type MyReplyView = ReplyView & { parent: AnnotationView };

export type ReplyRow = { reply: AnnotationReply; authorName: string | null; authorEmail: string | null };

export function toReplyView(row: ReplyRow, viewer: CurrentUser | null): ReplyView {
  const r = row.reply;
  return {
    id: r.id,
    annotationId: r.annotationId,
    note: r.note,
    noteHtml: r.noteHtml,
    author: authorOf(r.userId, row.authorName, row.authorEmail),
    mine: !!viewer && viewer.id === r.userId,
    hidden: r.hiddenByAuthor,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
