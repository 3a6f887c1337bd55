import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty-state" aria-labelledby="nf-heading">
      <h1 id="nf-heading">Page not found</h1>
      <p>There is no page at this address. It may have moved when an issue was renamed.</p>
      <p>
        <Link href="/issues">Browse all issues</Link> or go <Link href="/">home</Link>.
      </p>
    </section>
  );
}
