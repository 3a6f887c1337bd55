"use client";
// The account page's forms, each a server action with its message shown in place.
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { changePasswordAction, deleteAccountAction, updateDisplayNameAction } from "@/lib/auth/actions";

function SubmitButton({
  label,
  pendingLabel,
  className = "button",
}: {
  label: string;
  pendingLabel: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}

export function ChangePasswordForm() {
  const [state, action] = useActionState(changePasswordAction, {});
  return (
    <form
      action={action}
      className="auth-form"
      aria-labelledby="password-heading"
      aria-describedby="password-error"
      noValidate
    >
      <label htmlFor="current-password">Current password</label>
      <input id="current-password" name="current" type="password" autoComplete="current-password" required />
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        name="next"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        aria-describedby="new-password-hint"
      />
      <small id="new-password-hint" className="form-hint">
        At least 10 characters and hard to guess: a few unrelated words work well.
      </small>
      <p id="password-error" className="form-error" role="alert" aria-live="assertive">
        {state.message ?? ""}
      </p>
      <SubmitButton label="Change password" pendingLabel="Changing…" />
    </form>
  );
}

export function DisplayNameForm({ name }: { name: string }) {
  const [state, action] = useActionState(updateDisplayNameAction, {});
  return (
    <form
      action={action}
      className="auth-form"
      aria-labelledby="name-heading"
      aria-describedby="name-message"
      noValidate
    >
      <label htmlFor="display-name">Display name</label>
      <input
        id="display-name"
        name="name"
        autoComplete="name"
        required
        maxLength={80}
        defaultValue={state.fields?.name ?? name}
        key={state.fields?.name ?? name}
        aria-describedby="display-name-hint"
      />
      <small id="display-name-hint" className="form-hint">
        Shown next to the annotations and replies you make public.
      </small>
      <p id="name-message" className={state.done ? "form-ok" : "form-error"} role={state.done ? "status" : "alert"}>
        {state.message ?? ""}
      </p>
      <SubmitButton label="Save name" pendingLabel="Saving…" />
    </form>
  );
}

export function DeleteAccountForm({ withPassword, email }: { withPassword: boolean; email: string | null }) {
  const [state, action] = useActionState(deleteAccountAction, {});
  // A refused attempt (a mistyped password) resets the form; the choice comes back from the action, and a
  // new key remounts the buttons with it as their default, which is what a form reset restores.
  const choice = state.fields?.publicNotes;
  return (
    <form
      action={action}
      className="auth-form"
      aria-labelledby="delete-heading"
      aria-describedby="delete-error"
      noValidate
    >
      <fieldset key={choice ?? "none"}>
        <legend>Your public annotations and replies</legend>
        <label className="choice">
          <input type="radio" name="publicNotes" value="remove" required defaultChecked={choice === "remove"} /> Remove
          them
        </label>
        <label className="choice">
          <input type="radio" name="publicNotes" value="anonymise" required defaultChecked={choice === "anonymise"} />{" "}
          Keep them for other readers, shown as by “A former reader”
        </label>
        <small className="form-hint">
          Either way, other readers’ replies to your notes stay readable. Your private annotations are removed.
        </small>
      </fieldset>
      {withPassword ? (
        <>
          <label htmlFor="delete-password">Your password</label>
          <input id="delete-password" name="password" type="password" autoComplete="current-password" required />
        </>
      ) : (
        <>
          <label htmlFor="delete-confirmation">
            {email ? "Type your email address to confirm" : "Type “delete my account” to confirm"}
          </label>
          <input id="delete-confirmation" name="confirmation" autoComplete="off" required />
        </>
      )}
      <p id="delete-error" className="form-error" role="alert" aria-live="assertive">
        {state.message ?? ""}
      </p>
      <SubmitButton label="Delete my account" pendingLabel="Deleting…" className="button button--danger" />
    </form>
  );
}
