"use client";
/**
 * The last resort, when the root layout itself fails (its header reads the
 * session and the site's settings): this replaces the whole document, so it
 * brings its own <html> and <body>, a title, and plain links that reload the
 * site rather than client navigation that depends on the layout that failed.
 */
import "./globals.css";

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <html lang="en">
      <body>
        <title>Something went wrong</title>
        <main id="main">
          <section className="empty-state" role="alert" aria-labelledby="global-error-heading">
            <h1 id="global-error-heading">Something went wrong</h1>
            <p>
              This page couldn&apos;t be shown. The problem has been logged{digest ? ` (reference ${digest})` : ""}.
            </p>
            <p>
              <button type="button" className="button" onClick={() => retry()}>
                Try again
              </button>{" "}
              <a href="/">Go to the home page</a>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
