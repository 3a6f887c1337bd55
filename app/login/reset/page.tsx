import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { checkResetToken, resetMessages } from "@/lib/auth/password-reset";
import { ResetPasswordForm } from "../auth-forms";

export const metadata: Metadata = { title: "Choose a new password" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

// The link is checked but not spent on opening (mail scanners open links); the form's button spends it.
export default async function ResetPasswordPage({ searchParams }: Props) {
  const token = [(await searchParams).token].flat()[0] ?? "";
  const checked = await checkResetToken(getDb(), token);
  return (
    <section className="auth-page" aria-labelledby="reset-heading">
      <h1 id="reset-heading">Choose a new password</h1>
      {checked.ok ? (
        <>
          <p className="lede">
            For the account of <strong>{checked.user.email}</strong>. Every session of the account is signed out, and
            this browser signed in with the new password.
          </p>
          <ResetPasswordForm token={token} email={checked.user.email ?? ""} />
        </>
      ) : (
        <p className="lede" role="alert">
          {resetMessages[checked.reason]} <Link href="/login/forgot">Send a new link</Link>
        </p>
      )}
    </section>
  );
}
