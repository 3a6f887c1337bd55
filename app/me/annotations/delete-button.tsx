"use client";
// Deletes one of the reader's annotations from "My annotations", then refreshes the list.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export function DeleteAnnotationButton({ id }: { id: string }) {
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
          if (!window.confirm("Delete this annotation? This can't be undone.")) return;
          startTransition(async () => {
            const res = await fetch(`/api/annotations/${id}`, { method: "DELETE", credentials: "same-origin" });
            if (!res.ok && res.status !== 404) {
              setError("Deleting failed. Try again.");
              return;
            }
            router.refresh();
          });
        }}
      >
        {pending ? "Deleting…" : "Delete"}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
