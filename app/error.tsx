"use client";
/**
 * A page that failed to render. In production the browser learns nothing about
 * why (the server keeps the error), so the one cause a reader can do nothing
 * about but wait — the database not answering — is asked of /api/health and
 * said plainly instead of a generic apology.
 */
import Link from "next/link";
import { useEffect, useState } from "react";

type Cause = "checking" | "unavailable" | "other";

export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const [cause, setCause] = useState<Cause>("checking");

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new error is asked about afresh
  useEffect(() => {
    let current = true;
    setCause("checking");
    fetch("/api/health", { cache: "no-store" })
      .then((res) => current && setCause(res.status === 503 ? "unavailable" : "other"))
      .catch(() => current && setCause("other"));
    return () => {
      current = false;
    };
  }, [error]);

  const heading = {
    checking: "This page could not be loaded",
    unavailable: "Temporarily unavailable",
    other: "Something went wrong",
  }[cause];
  return (
    <section className="empty-state" role="alert" aria-labelledby="error-heading" aria-busy={cause === "checking"}>
      <h1 id="error-heading">{heading}</h1>
      {cause === "unavailable" && (
        <p>
          Concordance can&apos;t reach its database right now. This usually passes within a few seconds; nothing you
          saved is lost.
        </p>
      )}
      {cause === "other" && (
        <p>
          We could not load this page. The problem has been logged{error.digest ? ` (reference ${error.digest})` : ""}.
        </p>
      )}
      <p>
        <button type="button" className="button" onClick={() => retry()}>
          Try again
        </button>{" "}
        <Link href="/">Go home</Link>
      </p>
    </section>
  );
}
