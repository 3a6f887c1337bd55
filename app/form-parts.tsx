"use client";
// Pieces the sign-in, sign-up and account forms share.
import { useFormStatus } from "react-dom";

/** A submit button that is disabled, and says `pending`, while its form's action runs. */
export function SubmitButton({
  children,
  pending: pendingLabel,
  className = "button",
}: {
  children: React.ReactNode;
  pending: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}

/** A new password with its hint; the server's own rule is in lib/auth/credentials.ts. */
export function NewPasswordField({ id, name, label }: { id: string; name: string; label: string }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        aria-describedby={`${id}-hint`}
      />
      <small id={`${id}-hint`} className="form-hint">
        At least 10 characters and hard to guess: a few unrelated words work well.
      </small>
    </>
  );
}
