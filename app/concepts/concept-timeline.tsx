/**
 * Mentions per year as small bars, with the same numbers as a table for screen readers.
 * Mentions in undated issues get a bar of their own after the years, so the chart adds up
 * to the concept's mentions.
 */
export function ConceptTimeline({
  countsByYear,
  undated = 0,
}: {
  countsByYear: Record<string, number>;
  undated?: number;
}) {
  const years = Object.keys(countsByYear)
    .map(Number)
    .sort((a, b) => a - b);
  if (years.length === 0 && undated === 0) return null;
  const span: { key: string; label: string; n: number }[] = [];
  if (years.length > 0)
    for (let y = years[0]!; y <= years[years.length - 1]!; y++)
      span.push({ key: String(y), label: String(y), n: countsByYear[String(y)] ?? 0 });
  if (undated > 0) span.push({ key: "undated", label: "Undated", n: undated });
  const max = Math.max(...span.map((s) => s.n));
  return (
    <figure className="timeline">
      <div className="timeline__bars" aria-hidden="true">
        {span.map(({ key, label, n }) => (
          <div key={key} className={key === "undated" ? "timeline__year timeline__year--undated" : "timeline__year"}>
            <span className="timeline__count">{n || ""}</span>
            <span
              className="timeline__bar"
              style={{ height: `${Math.max(n ? 6 : 0, Math.round((n / max) * 72))}px` }}
            />
            {/* Phones show a year as ’19, so a decade of bars fits their width. */}
            <span className="timeline__label">
              {key === "undated" ? (
                label
              ) : (
                <>
                  <span className="timeline__label-century">{label.slice(0, 2)}</span>
                  <span className="timeline__label-apostrophe">’</span>
                  {label.slice(2)}
                </>
              )}
            </span>
          </div>
        ))}
      </div>
      <table className="visually-hidden">
        <caption>Mentions per year</caption>
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">Mentions</th>
          </tr>
        </thead>
        <tbody>
          {span.map(({ key, label, n }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>Mentions per year{undated > 0 ? ", and in undated issues" : ""}</figcaption>
    </figure>
  );
}
