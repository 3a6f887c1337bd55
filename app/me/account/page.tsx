import type { Metadata } from "next";
import { getDb } from "@/db";
import { hasPassword } from "@/lib/auth/accounts";
import { signOutEverywhereAction } from "@/lib/auth/actions";
import { requireUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./account-forms";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<{ changed?: string | string[] }> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await requireUser("/me/account");
  const changed = [(await searchParams).changed].flat()[0] === "1";
  const withPassword = await hasPassword(getDb(), user.id);

  return (
    <section className="auth-page" aria-labelledby="account-heading">
      <h1 id="account-heading">Your account</h1>
      <p className="lede">
        Signed in as <strong>{user.name}</strong>
        {user.email && <> ({user.email})</>}.
      </p>
      {changed && (
        <p className="notice" role="status">
          Your password was changed. Every other session of this account has been signed out.
        </p>
      )}
      <h2 id="password-heading">Password</h2>
      {withPassword ? (
        <ChangePasswordForm />
      ) : (
        <p>This account signs in with GitHub or an email link, so it has no password to change.</p>
      )}
      <h2>Sessions</h2>
      <p>Signed in on a device you no longer use, or on someone else&apos;s computer? End every session of this account, this one included.</p>
      <form action={signOutEverywhereAction}>
        <button type="submit" className="button button--quiet">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}
