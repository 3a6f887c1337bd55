import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmSignUpForm } from "../../login/auth-forms";

export const metadata: Metadata = { title: "Confirm your email" };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

// A button rather than confirming on load: mail scanners that open links must not spend the reader's link.
export default async function ConfirmSignUpPage({ searchParams }: Props) {
  const token = [(await searchParams).token].flat()[0] ?? "";
  return (
    <section className="auth-page" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">Confirm your email</h1>
      {/^[A-Za-z0-9_-]{20,100}$/.test(token) ? (
        <>
          <p className="lede">One more step: confirm that this address is yours, and your account is created.</p>
          <ConfirmSignUpForm token={token} />
        </>
      ) : (
        <p className="lede">
          This link is incomplete. Open the whole link from the email, or <Link href="/signup">sign up again</Link>.
        </p>
      )}
    </section>
  );
}
