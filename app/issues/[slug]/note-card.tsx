"use client";
/**
 * One annotation as a note: who wrote it, the note, tags and, once opened, the
 * quoted passage, the thread of replies and what the reader may do with it.
 * The same card sits in the margin beside its highlight on wide screens, in
 * the list under the issue on narrow ones, and in the bottom sheet a tapped
 * highlight opens.
 */
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { callAnnotationApi, formatWrittenDate } from "@/lib/annotations/client-api";
import type { AnnotationView, ReplyView } from "@/lib/annotations/views";

export type Viewer = { name: string; role: "reader" | "author" } | null;

export type NoteActions = {
  onToggle: (a: AnnotationView) => void;
  onEdit: (a: AnnotationView) => void;
  onDelete: (a: AnnotationView) => void;
  onHide: (a: AnnotationView, hidden: boolean) => void;
  onShowInText: (a: AnnotationView) => void;
  onThreadChange: (annotationId: string, replies: ReplyView[]) => void;
  announce: (message: string) => void;
};

type Props = {
  a: AnnotationView;
  viewer: Viewer;
  open: boolean;
  active: boolean;
  /** "sheet": the copy in the bottom sheet, with ids of its own. */
  variant: "margin" | "sheet";
  signInHref: string;
  actions: NoteActions;
};

function excerpt(text: string, words = 8): string {
  const parts = text.split(/\s+/);
  return parts.length > words ? `${parts.slice(0, words).join(" ")}…` : text;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function ReplyItem({
  r,
  a,
  viewer,
  idPrefix,
  actions,
}: {
  r: ReplyView;
  a: AnnotationView;
  viewer: Viewer;
  idPrefix: string;
  actions: NoteActions;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = `/api/annotations/${a.id}/replies/${r.id}`;

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err instanceof Error ? err.message : "That didn't work. Try again.");
    } finally {
      setBusy(false);
    }
  }

  const replace = (updated: ReplyView) =>
    actions.onThreadChange(
      a.id,
      a.replies.map((x) => (x.id === updated.id ? updated : x)),
    );

  return (
    <li className="note-reply" id={`${idPrefix}-reply-${r.id}`} data-reply={r.id}>
      <p className="annotation-meta">
        <span className="note-reply__author">{r.mine ? "You" : r.author.name}</span>
        <span>
          replied <time dateTime={r.createdAt}>{formatWrittenDate(r.createdAt)}</time>
        </span>
        {r.hidden && <span className="badge badge--warn">Hidden by the author</span>}
      </p>
      {editing === null ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: notes are rendered from Markdown and sanitized on the server (lib/annotations/note.ts)
        <div className="annotation-note" dangerouslySetInnerHTML={{ __html: r.noteHtml }} />
      ) : (
        <form
          className="note-form"
          aria-label="Edit your reply"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const updated = await callAnnotationApi<ReplyView>(url, { method: "PATCH", body: { note: editing } });
              if (updated) replace(updated);
              setEditing(null);
              actions.announce("Reply updated.");
            });
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(null);
          }}
        >
          <label htmlFor={`${idPrefix}-reply-${r.id}-edit`} className="visually-hidden">
            Your reply
          </label>
          <textarea
            id={`${idPrefix}-reply-${r.id}-edit`}
            rows={3}
            maxLength={10_000}
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the field appears because the reader chose Edit; focus follows their action
            autoFocus
          />
          <div className="note-form__actions">
            <button type="submit" className="button" disabled={busy}>
              Save reply
            </button>
            <button type="button" className="button button--quiet" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {editing === null && (r.mine || viewer?.role === "author") && (
        <p className="annotation-actions">
          {r.mine && (
            <>
              <button type="button" className="link-button" onClick={() => setEditing(r.note)}>
                Edit reply
              </button>
              <button
                type="button"
                className="link-button"
                disabled={busy}
                onClick={() => {
                  if (!window.confirm("Delete this reply? This can't be undone.")) return;
                  void run(async () => {
                    await callAnnotationApi(url, { method: "DELETE" });
                    actions.onThreadChange(
                      a.id,
                      a.replies.filter((x) => x.id !== r.id),
                    );
                    actions.announce("Reply deleted.");
                  });
                }}
              >
                Delete reply
              </button>
            </>
          )}
          {viewer?.role === "author" && (
            <button
              type="button"
              className="link-button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const updated = await callAnnotationApi<ReplyView>(url, {
                    method: "PATCH",
                    body: { hidden: !r.hidden },
                  });
                  if (updated) replace(updated);
                  actions.announce(r.hidden ? "Reply shown to readers again." : "Reply hidden from readers.");
                })
              }
            >
              {r.hidden ? "Unhide reply" : "Hide reply"}
            </button>
          )}
        </p>
      )}
    </li>
  );
}

function ReplyForm({
  a,
  idPrefix,
  actions,
  onDone,
}: {
  a: AnnotationView;
  idPrefix: string;
  actions: NoteActions;
  onDone: () => void;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus({ preventScroll: true }), []);
  return (
    <form
      className="note-form"
      aria-label={`Reply to ${a.mine ? "your note" : `${a.author.name}’s note`}`}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        callAnnotationApi<ReplyView>(`/api/annotations/${a.id}/replies`, { method: "POST", body: { note: text } })
          .then((created) => {
            if (created) actions.onThreadChange(a.id, [...a.replies, created]);
            actions.announce("Reply posted.");
            onDone();
          })
          .catch((err: unknown) => setError(err instanceof Error ? err.message : "Posting failed. Try again."))
          .finally(() => setBusy(false));
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onDone();
      }}
    >
      <label htmlFor={`${idPrefix}-reply-new`}>Your reply</label>
      <textarea
        id={`${idPrefix}-reply-new`}
        ref={ref}
        rows={3}
        maxLength={10_000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${idPrefix}-reply-hint`}
      />
      <small id={`${idPrefix}-reply-hint`} className="form-hint">
        Public, with your name. Markdown works.
      </small>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="note-form__actions">
        <button type="submit" className="button" disabled={busy || !text.trim()}>
          Post reply
        </button>
        <button type="button" className="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function NoteCard({ a, viewer, open, active, variant, signInHref, actions }: Props) {
  const [replying, setReplying] = useState(false);
  const idPrefix = variant === "sheet" ? `sheet-annotation-${a.id}` : `annotation-${a.id}`;
  const who = a.deleted ? "Deleted note" : a.mine ? "You" : a.author.name;
  const canReply = !!viewer && a.visibility === "public" && !a.deleted && !a.hidden;
  const classes = [
    "note-card",
    "annotation-item",
    open && "note-card--open",
    active && "annotation-item--active",
    a.mine ? "note-card--mine" : "note-card--others",
  ];

  return (
    <li
      id={idPrefix}
      tabIndex={-1}
      className={classes.filter(Boolean).join(" ")}
      data-annotation={a.id}
      data-visibility={a.visibility}
    >
      <p className="note-card__head">
        <button
          type="button"
          className="note-card__toggle"
          aria-expanded={open}
          aria-controls={`${idPrefix}-more`}
          onClick={() => actions.onToggle(a)}
        >
          <span className="note-card__author">{who}</span>
          <span className="visually-hidden">
            {" "}
            — note on “{excerpt(a.exact)}”
            {a.replies.length > 0 ? `, ${plural(a.replies.length, "reply", "replies")}` : ""}
          </span>
        </button>
        {!a.deleted && <span className="badge">{a.visibility === "public" ? "Public" : "Private"}</span>}
        {a.hidden && <span className="badge badge--warn">Hidden by the author</span>}
      </p>
      {a.deleted ? (
        <p className="muted note-card__deleted">Its reader deleted this note; the replies to it are kept.</p>
      ) : a.noteHtml ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: notes are rendered from Markdown and sanitized on the server (lib/annotations/note.ts)
        <div className="annotation-note" dangerouslySetInnerHTML={{ __html: a.noteHtml }} />
      ) : (
        <p className="muted note-card__bare">Highlight</p>
      )}
      {a.tags.length > 0 && (
        <p className="annotation-meta">
          {a.tags.map((t) => (
            <span key={t} className="tag">
              #{t}
            </span>
          ))}
        </p>
      )}
      {!open && a.replies.length > 0 && (
        <p className="note-card__count">{plural(a.replies.length, "reply", "replies")}</p>
      )}

      <div id={`${idPrefix}-more`} className="note-card__more" hidden={!open}>
        <blockquote className="annotation-quote">{a.exact}</blockquote>
        {!a.deleted && (
          <p className="annotation-meta">
            <span>
              Annotated <time dateTime={a.createdAt}>{formatWrittenDate(a.createdAt)}</time>
            </span>
          </p>
        )}
        <p className="annotation-actions">
          <button type="button" className="link-button" onClick={() => actions.onShowInText(a)}>
            Show in text
          </button>
          {a.mine && (
            <>
              <button type="button" className="link-button" onClick={() => actions.onEdit(a)}>
                Edit
              </button>
              <button type="button" className="link-button" onClick={() => actions.onDelete(a)}>
                Delete
              </button>
            </>
          )}
          {viewer?.role === "author" && a.visibility === "public" && !a.deleted && (
            <button type="button" className="link-button" onClick={() => actions.onHide(a, !a.hidden)}>
              {a.hidden ? "Unhide" : "Hide from readers"}
            </button>
          )}
        </p>
        {(a.replies.length > 0 || a.visibility === "public") && (
          <section
            className="note-thread"
            aria-label={`Replies to ${a.deleted ? "a deleted note" : a.mine ? "your note" : `${a.author.name}’s note`}`}
          >
            {a.replies.length > 0 && (
              <ol>
                {a.replies.map((r) => (
                  <ReplyItem key={r.id} r={r} a={a} viewer={viewer} idPrefix={idPrefix} actions={actions} />
                ))}
              </ol>
            )}
            {canReply &&
              (replying ? (
                <ReplyForm a={a} idPrefix={idPrefix} actions={actions} onDone={() => setReplying(false)} />
              ) : (
                <button
                  type="button"
                  className="button button--quiet note-thread__reply"
                  onClick={() => setReplying(true)}
                >
                  Reply
                </button>
              ))}
            {!viewer && a.visibility === "public" && !a.deleted && (
              <p className="muted">
                <Link href={signInHref}>Sign in</Link> to reply.
              </p>
            )}
          </section>
        )}
      </div>
    </li>
  );
}
