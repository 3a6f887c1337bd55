"use client";
// The account page's forms: a password change with its message shown in place.
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { changePasswordAction } from "@/lib/auth/actions";

function SubmitButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
      {pending ? "Changing…" : "Change password"}
    </button>
  );
}

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, {});
  return (
    <form action={action} className="auth-form" aria-labelledby="password-heading" aria-describedby="password-error" noValidate>
      <label htmlFor="current-password">Current password</label>
      <input id="current-password" name="current" type="password" autoComplete="current-password" required />
      <label htmlFor="new-password">New password</label>
      <input id="new-password" name="next" type="password" autoComplete="new-password" required minLength={10} aria-describedby="new-password-hint" />
      <small id="new-password-hint" className="form-hint">At least 10 characters and hard to guess: a few unrelated words work well.</small>
      <p id="password-error" className="form-error" role="alert" aria-live="assertive">
        {state.message ?? ""}
      </p>
      <SubmitButton />
    </form>
  );
}
