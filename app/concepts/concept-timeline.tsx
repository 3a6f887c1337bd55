/** Mentions per year as small bars, with the same numbers as a table for screen readers. */
export function ConceptTimeline({ countsByYear }: { countsByYear: Record<string, number> }) {
  const years = Object.keys(countsByYear).map(Number).sort((a, b) => a - b);
  if (years.length === 0) return null;
  const span: number[] = [];
  for (let y = years[0]!; y <= years[years.length - 1]!; y++) span.push(y);
  const max = Math.max(...Object.values(countsByYear));
  return (
    <figure className="timeline">
      <div className="timeline__bars" aria-hidden="true">
        {span.map((y) => {
          const n = countsByYear[String(y)] ?? 0;
          return (
            <div key={y} className="timeline__year">
              <span className="timeline__count">{n || ""}</span>
              <span className="timeline__bar" style={{ height: `${Math.max(n ? 6 : 0, Math.round((n / max) * 72))}px` }} />
              <span className="timeline__label">{y}</span>
            </div>
          );
        })}
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
          {span.map((y) => (
            <tr key={y}>
              <th scope="row">{y}</th>
              <td>{countsByYear[String(y)] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>Mentions per year</figcaption>
    </figure>
  );
}
