import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db";
import { countMyAnnotations } from "@/lib/annotations/mine";
import { hasPassword } from "@/lib/auth/accounts";
import { signOutEverywhereAction } from "@/lib/auth/actions";
import { requireUser } from "@/lib/auth/session";
import { ChangePasswordForm, DeleteAccountForm, DisplayNameForm } from "./account-forms";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<{ changed?: string | string[] }> };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export default async function AccountPage({ searchParams }: Props) {
  const user = await requireUser("/me/account");
  const changed = [(await searchParams).changed].flat()[0] === "1";
  const [withPassword, counts] = await Promise.all([
    hasPassword(getDb(), user.id),
    countMyAnnotations(getDb(), user.id),
  ]);
  const total = counts.private + counts.public + counts.replies;

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

      <section className="account-section" aria-labelledby="name-heading">
        <h2 id="name-heading">Name</h2>
        <DisplayNameForm name={user.name} />
      </section>

      <section className="account-section" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        {withPassword ? (
          <ChangePasswordForm />
        ) : (
          <p>This account signs in with GitHub or an email link, so it has no password to change.</p>
        )}
      </section>

      <section className="account-section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>
          Signed in on a device you no longer use, or on someone else&apos;s computer? End every session of this
          account, this one included.
        </p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="button button--quiet">
            Sign out everywhere
          </button>
        </form>
      </section>

      <section className="account-section account-section--danger" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete your account</h2>
        {total > 0 ? (
          <>
            <p>
              You have {plural(counts.private, "private annotation", "private annotations")},{" "}
              {plural(counts.public, "public one", "public ones")} and {plural(counts.replies, "reply", "replies")}.
              Keep a copy before you go: download{" "}
              <a href="/api/annotations?mine=1&format=markdown" download="annotations.md">
                Markdown
              </a>{" "}
              or{" "}
              <a href="/api/annotations?mine=1&format=jsonld" download="annotations.jsonld">
                W3C JSON-LD
              </a>{" "}
              (or see them in <Link href="/me/annotations">My annotations</Link>).
            </p>
          </>
        ) : (
          <p>You have no annotations or replies to keep.</p>
        )}
        <p>Deleting the account can’t be undone: you are signed out everywhere and your email address is forgotten.</p>
        <DeleteAccountForm withPassword={withPassword} email={user.email} />
      </section>
    </section>
  );
}
