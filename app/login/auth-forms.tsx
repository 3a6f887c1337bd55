"use client";
// The sign-in and sign-up forms: server actions with their messages shown in place.
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import {
  confirmSignUpAction,
  requestPasswordResetAction,
  resetPasswordAction,
  signInWithEmailLink,
  signInWithPassword,
  signUpWithPassword,
  type AuthFormState,
} from "@/lib/auth/actions";

function SubmitButton({ children, pending: pendingLabel }: { children: React.ReactNode; pending: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}

function FormMessage({ state, id }: { state: AuthFormState; id: string }) {
  return (
    <p id={id} className="form-error" role="alert" aria-live="assertive">
      {state.message ?? ""}
    </p>
  );
}

export function PasswordSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState(signInWithPassword, {});
  return (
    <form action={action} className="auth-form" aria-describedby="signin-error" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="signin-email">Email</label>
      <input
        id="signin-email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.fields?.email}
        key={`e-${state.fields?.email ?? ""}`}
      />
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
      <label htmlFor="signup-email">Email</label>
      <input
        id="signup-email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.fields?.email}
        key={`e-${state.fields?.email ?? ""}`}
      />
      <label htmlFor="signup-password">Password</label>
      <input
        id="signup-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        aria-describedby="signup-password-hint"
      />
      <small id="signup-password-hint" className="form-hint">
        At least 10 characters and hard to guess: a few unrelated words work well.
      </small>
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
      <label htmlFor="link-email">Email</label>
      <input id="link-email" name="email" type="email" autoComplete="email" required />
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
      <label htmlFor="forgot-email">Email</label>
      <input
        id="forgot-email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.fields?.email}
        key={`e-${state.fields?.email ?? ""}`}
      />
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
      <label htmlFor="reset-password">New password</label>
      <input
        id="reset-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        aria-describedby="reset-password-hint"
      />
      <small id="reset-password-hint" className="form-hint">
        At least 10 characters and hard to guess: a few unrelated words work well.
      </small>
      <FormMessage state={state} id="reset-error" />
      <SubmitButton pending="Saving…">Set the new password</SubmitButton>
    </form>
  );
}
