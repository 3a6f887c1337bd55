"use client";
/**
 * Signing in and out from the header comes back to the page the reader was
 * on (the server checks the path again with safeReturnPath). Pages that need
 * an account send a signed-out reader home instead.
 */
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState } from "react";

const AUTH_PAGES = /^\/(login|signup)(\/|$)/;
const PRIVATE_PAGES = /^\/(me|admin)(\/|$)/;

function useHere(): string {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [hash, setHash] = useState("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: a client-side navigation brings a new hash without a hashchange event
  useEffect(() => {
    const read = () => setHash(window.location.hash);
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, [pathname, search]);
  return `${pathname}${search ? `?${search}` : ""}${hash}`;
}

function SignInLinkHere() {
  const here = useHere();
  const href = AUTH_PAGES.test(here) || here === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(here)}`;
  return (
    <Link href={href} className="account-link">
      Sign in
    </Link>
  );
}

export function SignInLink() {
  return (
    <Suspense
      fallback={
        <Link href="/login" className="account-link">
          Sign in
        </Link>
      }
    >
      <SignInLinkHere />
    </Suspense>
  );
}

function ReturnFieldHere() {
  const here = useHere();
  return (
    <input type="hidden" name="callbackUrl" value={PRIVATE_PAGES.test(here) || AUTH_PAGES.test(here) ? "/" : here} />
  );
}

/** The hidden field of the sign-out form: where to land afterwards. */
export function SignOutReturnField() {
  return (
    <Suspense fallback={<input type="hidden" name="callbackUrl" value="/" />}>
      <ReturnFieldHere />
    </Suspense>
  );
}
