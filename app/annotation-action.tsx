"use client";
// One button that changes an annotation through the REST API and refreshes the
// server-rendered page around it (admin moderation, "My annotations").
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type Props = {
  id: string;
  method: "PATCH" | "DELETE";
  body?: unknown;
  label: string;
  pendingLabel?: string;
  /** Asked with window.confirm before anything is sent. */
  confirm?: string;
  failure: string;
};

export function AnnotationActionButton({ id, method, body, label, pendingLabel, confirm, failure }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={pending}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          startTransition(async () => {
            const res = await fetch(`/api/annotations/${id}`, {
              method,
              headers: body === undefined ? undefined : { "content-type": "application/json" },
              body: body === undefined ? undefined : JSON.stringify(body),
              credentials: "same-origin",
            });
            // A delete that finds nothing already has the outcome the reader wanted.
            if (!res.ok && !(method === "DELETE" && res.status === 404)) {
              setError(failure);
              return;
            }
            router.refresh();
          });
        }}
      >
        {pending && pendingLabel ? pendingLabel : label}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
