"use client";
// "My annotations": a card's note, tags and visibility, edited where the card is.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { callAnnotationApi, parseTags } from "@/lib/annotations/client-api";

type Props = { id: string; note: string; tags: string[]; visibility: "private" | "public"; hasOthersReplies: boolean };

export function EditAnnotation({ id, note, tags, visibility, hasOthersReplies }: Props) {
  const router = useRouter();
  const ids = useId();
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState({ note, tags: tags.join(", "), visibility });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();

  if (!editing) {
    return (
      <>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setValues({ note, tags: tags.join(", "), visibility });
            setError(null);
            setSaved(false);
            setEditing(true);
          }}
        >
          Edit
        </button>
        {saved && (
          <span className="form-ok" role="status">
            Saved.
          </span>
        )}
      </>
    );
  }

  return (
    <form
      className="note-form"
      aria-label="Edit annotation"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        startTransition(async () => {
          try {
            await callAnnotationApi(`/api/annotations/${id}`, {
              method: "PATCH",
              body: { note: values.note, tags: parseTags(values.tags), visibility: values.visibility },
            });
            setEditing(false);
            setSaved(true);
            router.refresh();
          } catch (err) {
            setError(err instanceof Error ? err.message : "Saving failed. Try again.");
          }
        });
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") setEditing(false);
      }}
    >
      <label htmlFor={`${ids}-note`}>Note</label>
      <textarea
        id={`${ids}-note`}
        rows={4}
        maxLength={10_000}
        value={values.note}
        onChange={(e) => setValues({ ...values, note: e.target.value })}
        // biome-ignore lint/a11y/noAutofocus: the form appears because the reader chose Edit; focus follows their action
        autoFocus
      />
      <label htmlFor={`${ids}-tags`}>Tags</label>
      <input
        id={`${ids}-tags`}
        value={values.tags}
        onChange={(e) => setValues({ ...values, tags: e.target.value })}
        aria-describedby={`${ids}-tags-hint`}
        autoComplete="off"
      />
      <small id={`${ids}-tags-hint`} className="form-hint">
        Separate tags with commas.
      </small>
      <fieldset>
        <legend>Who can see it</legend>
        <label className="checkbox">
          <input
            type="radio"
            name={`${ids}-visibility`}
            value="private"
            checked={values.visibility === "private"}
            disabled={hasOthersReplies && visibility === "public"}
            onChange={() => setValues({ ...values, visibility: "private" })}
          />{" "}
          Private: only you
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={`${ids}-visibility`}
            value="public"
            checked={values.visibility === "public"}
            onChange={() => setValues({ ...values, visibility: "public" })}
          />{" "}
          Public: every reader, with your name
        </label>
        {hasOthersReplies && visibility === "public" && (
          <small className="form-hint">Other readers have replied to it, so it stays public.</small>
        )}
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="note-form__actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
