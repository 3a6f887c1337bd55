// Shown at once while an issue opened from a link is fetched.
export default function LoadingIssue() {
  return (
    <article className="issue" aria-busy="true">
      <p className="muted" role="status">
        Loading the issue…
      </p>
    </article>
  );
}
