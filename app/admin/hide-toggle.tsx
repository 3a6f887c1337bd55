"use client";
// The author's hide/unhide switch for one public annotation.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export function HideToggle({ id, hidden }: { id: string; hidden: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const res = await fetch(`/api/annotations/${id}`, {
              method: "PATCH",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ hidden: !hidden }),
              credentials: "same-origin",
            });
            if (!res.ok) setError("That didn't work. Try again.");
            else router.refresh();
          })
        }
      >
        {hidden ? "Unhide" : "Hide from readers"}
      </button>
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
