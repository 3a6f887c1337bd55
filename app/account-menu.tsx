// The header's account area: a sign-in link, or the reader's name with their pages and sign-out.
import Link from "next/link";
import { signOutAction } from "@/lib/auth/actions";
import { getCurrentUser } from "@/lib/auth/session";
import { SignInLink, SignOutReturnField } from "./login/return-to";

export async function AccountMenu() {
  const user = await getCurrentUser();
  if (!user) {
    return <SignInLink />;
  }
  return (
    <details className="account-menu">
      <summary>
        <span className="visually-hidden">Account: </span>
        <span className="account-menu__name">{user.name}</span>
      </summary>
      <ul>
        <li>
          <Link href="/me/annotations">My annotations</Link>
        </li>
        <li>
          <Link href="/me/account">Account</Link>
        </li>
        {user.role === "author" && (
          <li>
            <Link href="/admin">Admin</Link>
          </li>
        )}
        <li>
          <form action={signOutAction}>
            <SignOutReturnField />
            <button type="submit" className="link-button">
              Sign out
            </button>
          </form>
        </li>
      </ul>
    </details>
  );
}
