"use client";
// The account page's forms, each a server action with its message shown in place.
import { useActionState } from "react";
import { changePasswordAction, deleteAccountAction, updateDisplayNameAction } from "@/lib/auth/actions";
import { NewPasswordField, SubmitButton } from "../../form-parts";

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
      <NewPasswordField id="new-password" name="next" label="New password" />
      <p id="password-error" className="form-error" role="alert" aria-live="assertive">
        {state.message ?? ""}
      </p>
      <SubmitButton pending="Changing…">Change password</SubmitButton>
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
      <SubmitButton pending="Saving…">Save name</SubmitButton>
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
      <SubmitButton pending="Deleting…" className="button button--danger">
        Delete my account
      </SubmitButton>
    </form>
  );
}
