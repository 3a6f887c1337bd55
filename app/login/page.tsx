import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signInWithGitHub } from "@/lib/auth/actions";
import { getSignInOptions } from "@/lib/auth";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getCurrentUser } from "@/lib/auth/session";
import { EmailLinkForm, PasswordSignInForm } from "./auth-forms";

export const metadata: Metadata = { title: "Sign in" };

type Props = {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[]; deleted?: string | string[] }>;
};

// Errors Auth.js reports by redirecting here with ?error=…
const errorMessages: Record<string, string> = {
  OAuthAccountNotLinked:
    "That email already has an account here. Sign in with your password (or an email link) instead.",
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  AccessDenied: "Sign-in was refused.",
  Configuration: "Sign-in isn't configured correctly on this server. Tell the site's author.",
};

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const back = safeReturnPath([params.callbackUrl].flat()[0]);
  const error = [params.error].flat()[0];
  const deleted = [params.deleted].flat()[0] === "1";
  if (await getCurrentUser()) redirect(back);
  const options = getSignInOptions();
  const errorMessage = error
    ? Object.hasOwn(errorMessages, error)
      ? errorMessages[error]
      : "Sign-in failed. Try again."
    : undefined;

  return (
    <section className="auth-page" aria-labelledby="login-heading">
      <h1 id="login-heading">Sign in</h1>
      <p className="lede">Sign in to highlight passages and keep notes on them.</p>
      {deleted && (
        <p className="notice" role="status">
          Your account was deleted, and you are signed out. Thank you for reading.
        </p>
      )}
      {errorMessage && (
        <p className="form-error" role="alert">
          {errorMessage}
        </p>
      )}
      <PasswordSignInForm callbackUrl={back} />
      {options.emailLink && (
        <p>
          <Link href="/login/forgot">Forgot your password?</Link>
        </p>
      )}
      <p>
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(back)}`}>Create an account</Link>
      </p>
      {(options.github || options.emailLink) && (
        <div className="auth-alternatives">
          <h2>Or</h2>
          {options.github && (
            <form action={signInWithGitHub}>
              <input type="hidden" name="callbackUrl" value={back} />
              <button type="submit" className="button button--quiet">
                Sign in with GitHub
              </button>
            </form>
          )}
          {options.emailLink && <EmailLinkForm callbackUrl={back} />}
        </div>
      )}
    </section>
  );
}
