import type { Metadata } from "next";
import Link from "next/link";
import { getSignInOptions } from "@/lib/auth";
import { ForgotPasswordForm } from "../auth-forms";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  const canEmail = getSignInOptions().emailLink;
  return (
    <section className="auth-page" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">Forgot your password?</h1>
      {canEmail ? (
        <>
          <p className="lede">Enter the email address of your account: we’ll send a link to choose a new password.</p>
          <ForgotPasswordForm />
        </>
      ) : (
        <p className="lede">
          This site isn’t set up to send email, so a password can’t be reset by email here. Ask the site’s operator for
          help.
        </p>
      )}
      <p>
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </section>
  );
}
