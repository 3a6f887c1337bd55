"use client";
// The admin page's issue table: date an issue, withdraw it from readers, or restore it. One
// status line above the table says what happened, since a withdrawn issue leaves the list.
import { ScrollTable } from "./scroll-table";
import Link from "next/link";
import { startTransition, useActionState } from "react";
import { archiveIssueAction, type ArchiveActionState } from "@/lib/issues/actions";

export type IssueRow = {
  id: number;
  slug: string;
  title: string;
  url: string;
  label?: string;
  date?: string;
  /** The date as the date field shows it: YYYY-MM-DD, YYYY-MM or YYYY. */
  dateValue: string;
  withdrawn: boolean;
  sample: boolean;
  annotations: number;
};

export function IssueTable({ rows, caption }: { rows: IssueRow[]; caption: string }) {
  const [state, action, pending] = useActionState<ArchiveActionState, FormData>(archiveIssueAction, {});
  const submit = (data: FormData) => startTransition(() => action(data));
  return (
    <>
      <p className={state.ok ? "form-ok" : "form-error"} role={state.ok ? "status" : "alert"}>
        {state.message ?? ""}
      </p>
      {rows.length > 0 && (
        <ScrollTable label={caption} caption={caption}>
          <thead>
            <tr>
              <th scope="col">Issue</th>
              <th scope="col">Date</th>
              <th scope="col">Annotations</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  {row.withdrawn ? row.title : <Link href={row.url}>{row.title}</Link>}{" "}
                  {row.label && <span className="muted">{row.label}</span>}
                  {row.withdrawn && <span className="badge badge--warn">withdrawn</span>}
                  {row.sample && <span className="badge">sample</span>}
                  <br />
                  <code>{row.slug}</code>
                </td>
                <td>{row.date ?? <span className="muted">undated</span>}</td>
                <td>{row.annotations}</td>
                <td>
                  <div className="issue-actions">
                    <form
                      aria-label={`Date of ${row.title}`}
                      onSubmit={(e) => {
                        e.preventDefault();
                        submit(new FormData(e.currentTarget));
                      }}
                    >
                      <input type="hidden" name="op" value="date" />
                      <input type="hidden" name="slug" value={row.slug} />
                      <label htmlFor={`date-${row.id}`} className="visually-hidden">
                        Date of {row.title} (YYYY-MM-DD, YYYY-MM, YYYY or none)
                      </label>
                      <input
                        id={`date-${row.id}`}
                        name="date"
                        defaultValue={row.dateValue}
                        placeholder="YYYY-MM-DD"
                        required
                      />
                      <button type="submit" className="button button--quiet" disabled={pending}>
                        Set date
                      </button>
                    </form>
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (!row.withdrawn) {
                          const kept =
                            row.annotations > 0
                              ? ` Its ${row.annotations} reader annotation${row.annotations === 1 ? " is" : "s are"} kept.`
                              : "";
                          if (!window.confirm(`Withdraw “${row.title}” from readers?${kept} You can restore it later.`))
                            return;
                        }
                        submit(new FormData(e.currentTarget));
                      }}
                    >
                      <input type="hidden" name="op" value={row.withdrawn ? "restore" : "withdraw"} />
                      <input type="hidden" name="slug" value={row.slug} />
                      <button
                        type="submit"
                        className="link-button"
                        disabled={pending}
                        aria-label={`${row.withdrawn ? "Restore" : "Delete"} ${row.title}`}
                      >
                        {row.withdrawn ? "Restore" : "Delete"}
                      </button>
                    </form>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </>
  );
}
