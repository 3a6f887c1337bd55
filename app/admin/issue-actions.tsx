"use client";
// One issue's actions on the admin page: date it, withdraw it from readers, or restore it.
import { startTransition, useActionState } from "react";
import { archiveIssueAction, type ArchiveActionState } from "@/lib/issues/actions";

type Props = { slug: string; title: string; withdrawn: boolean; annotations: number; date: string };

export function IssueActions({ slug, title, withdrawn, annotations, date }: Props) {
  const [state, action, pending] = useActionState<ArchiveActionState, FormData>(archiveIssueAction, {});
  const submit = (data: FormData) => startTransition(() => action(data));
  const dateId = `date-${slug}`;
  return (
    <div className="issue-actions">
      <form
        className="issue-actions__date"
        aria-label={`Date of ${title}`}
        onSubmit={(e) => {
          e.preventDefault();
          submit(new FormData(e.currentTarget));
        }}
      >
        <input type="hidden" name="op" value="date" />
        <input type="hidden" name="slug" value={slug} />
        <label htmlFor={dateId} className="visually-hidden">
          Date of {title} (YYYY-MM-DD, YYYY-MM, YYYY or none)
        </label>
        <input id={dateId} name="date" defaultValue={date} placeholder="YYYY-MM-DD" size={11} pattern="\d{4}(-\d{1,2}(-\d{1,2})?)?|none" required />
        <button type="submit" className="button button--quiet" disabled={pending}>
          Set date
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!withdrawn) {
            const kept = annotations > 0 ? ` Its ${annotations} reader annotation${annotations === 1 ? " is" : "s are"} kept.` : "";
            if (!window.confirm(`Withdraw “${title}” from readers?${kept} You can restore it later.`)) return;
          }
          submit(new FormData(e.currentTarget));
        }}
      >
        <input type="hidden" name="op" value={withdrawn ? "restore" : "withdraw"} />
        <input type="hidden" name="slug" value={slug} />
        <button type="submit" className="link-button" disabled={pending} aria-label={`${withdrawn ? "Restore" : "Delete"} ${title}`}>
          {pending ? "Working…" : withdrawn ? "Restore" : "Delete"}
        </button>
      </form>
      <p className={state.ok ? "form-ok" : "form-error"} role={state.ok ? "status" : "alert"}>
        {state.message ?? ""}
      </p>
    </div>
  );
}
