"use client";
// The sign-in and sign-up forms: server actions with their messages shown in place.
import { useActionState } from "react";
import {
  confirmSignUpAction,
  requestPasswordResetAction,
  resetPasswordAction,
  signInWithEmailLink,
  signInWithPassword,
  signUpWithPassword,
  type AuthFormState,
} from "@/lib/auth/actions";
import { NewPasswordField, SubmitButton } from "../form-parts";

function FormMessage({ state, id }: { state: AuthFormState; id: string }) {
  return (
    <p id={id} className="form-error" role="alert" aria-live="assertive">
      {state.message ?? ""}
    </p>
  );
}

/**
 * React empties a form's fields after its action runs; the address sent comes back in the state and
 * the key makes the field start again from it, so a refused submit never loses what was typed.
 */
function EmailField({ id, state }: { id: string; state: AuthFormState }) {
  return (
    <>
      <label htmlFor={id}>Email</label>
      <input
        id={id}
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.fields?.email}
        key={`e-${state.fields?.email ?? ""}`}
      />
    </>
  );
}

export function PasswordSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signInWithPassword, {});
  return (
    <form action={action} className="auth-form" aria-describedby="signin-error" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <EmailField id="signin-email" state={state} />
      <label htmlFor="signin-password">Password</label>
      <input id="signin-password" name="password" type="password" autoComplete="current-password" required />
      <FormMessage state={state} id="signin-error" />
      <SubmitButton pending="Signing in…">Sign in</SubmitButton>
    </form>
  );
}

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signUpWithPassword, {});
  return (
    <form action={action} className="auth-form" aria-describedby="signup-error" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="signup-name">Display name</label>
      <input
        id="signup-name"
        name="name"
        autoComplete="name"
        required
        maxLength={80}
        defaultValue={state.fields?.name}
        key={`n-${state.fields?.name ?? ""}`}
        aria-describedby="signup-name-hint"
      />
      <small id="signup-name-hint" className="form-hint">
        Shown next to the annotations you make public.
      </small>
      <EmailField id="signup-email" state={state} />
      <NewPasswordField id="signup-password" name="password" label="Password" />
      <FormMessage state={state} id="signup-error" />
      <SubmitButton pending="Creating your account…">Create account</SubmitButton>
    </form>
  );
}

export function EmailLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signInWithEmailLink, {});
  return (
    <form action={action} className="auth-form" aria-describedby="link-error" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <EmailField id="link-email" state={state} />
      <FormMessage state={state} id="link-error" />
      <SubmitButton pending="Sending…">Email me a sign-in link</SubmitButton>
    </form>
  );
}

export function ConfirmSignUpForm({ token }: { token: string }) {
  const [state, action] = useActionState(confirmSignUpAction, {});
  return (
    <form action={action} className="auth-form" aria-describedby="confirm-error">
      <input type="hidden" name="token" value={token} />
      <FormMessage state={state} id="confirm-error" />
      <SubmitButton pending="Creating your account…">Confirm and sign in</SubmitButton>
    </form>
  );
}

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordResetAction, {});
  if (state.done) {
    return (
      <p className="notice" role="status">
        {state.message}
      </p>
    );
  }
  return (
    <form action={action} className="auth-form" aria-describedby="forgot-error" noValidate>
      <EmailField id="forgot-email" state={state} />
      <FormMessage state={state} id="forgot-error" />
      <SubmitButton pending="Sending…">Email me a reset link</SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(resetPasswordAction, {});
  return (
    <form action={action} className="auth-form" aria-describedby="reset-error" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordField id="reset-password" name="password" label="New password" />
      <FormMessage state={state} id="reset-error" />
      <SubmitButton pending="Saving…">Set the new password</SubmitButton>
    </form>
  );
}
