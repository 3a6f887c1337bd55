import type { Metadata } from "next";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <section className="auth-page" aria-labelledby="check-heading">
      <h1 id="check-heading">Check your email</h1>
      <p className="lede">We sent you a sign-in link. It works once and expires in 24 hours.</p>
    </section>
  );
}
