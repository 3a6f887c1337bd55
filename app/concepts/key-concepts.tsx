import Link from "next/link";
import { listCachedKeyConcepts } from "@/lib/cache/reads";
import { conceptUrl } from "@/lib/concepts/queries";

/** The home page's "Key concepts": the most central ideas across the archive. */
export async function KeyConcepts() {
  const concepts = await listCachedKeyConcepts(12);
  if (concepts.length === 0) return null;
  return (
    <section aria-labelledby="key-concepts-heading" className="key-concepts">
      <h2 id="key-concepts-heading">Key concepts</h2>
      <ul className="pill-list">
        {concepts.map((c) => (
          <li key={c.slug}>
            <Link className="pill" href={conceptUrl(c.slug)}>
              {c.name}
              <span className="visually-hidden"> ({c.issueCount} issues)</span>
            </Link>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/concepts">All concepts →</Link>
      </p>
    </section>
  );
}
