import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Check your email" };

// The same page for every sign-up when email is configured, whether or not the address already has an account.
export default function SignUpCheckEmailPage() {
  return (
    <section className="auth-page" aria-labelledby="check-heading">
      <h1 id="check-heading">Check your email</h1>
      <p className="lede">
        We sent a message to the address you gave. Open the link in it to confirm the address and finish creating your
        account; it works once, for 24 hours.
      </p>
      <p>
        Nothing arrived after a few minutes? Look in your spam folder, or <Link href="/signup">sign up again</Link>.
        Already have an account? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}
