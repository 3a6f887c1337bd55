import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getCurrentUser } from "@/lib/auth/session";
import { SignUpForm } from "../login/auth-forms";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<{ callbackUrl?: string | string[] }> };

export default async function SignUpPage({ searchParams }: Props) {
  const back = safeReturnPath([(await searchParams).callbackUrl].flat()[0]);
  if (await getCurrentUser()) redirect(back);
  return (
    <section className="auth-page" aria-labelledby="signup-heading">
      <h1 id="signup-heading">Create an account</h1>
      <p className="lede">Highlight passages, keep private notes, and share the ones you choose.</p>
      <SignUpForm callbackUrl={back} />
      <p>
        Already have an account? <Link href={`/login?callbackUrl=${encodeURIComponent(back)}`}>Sign in</Link>
      </p>
    </section>
  );
}
