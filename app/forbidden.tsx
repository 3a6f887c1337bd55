import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="empty-state" aria-labelledby="forbidden-heading">
      <h1 id="forbidden-heading">Authors only</h1>
      <p>
        This page is for the newsletter&apos;s author. Authors are listed in the server&apos;s{" "}
        <code>AUTHOR_EMAILS</code> setting.
      </p>
      <p>
        <Link href="/">Back to the issues</Link>
      </p>
    </section>
  );
}
