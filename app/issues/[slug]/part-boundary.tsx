"use client";
/**
 * The issue page's parts that have queries of their own (its concepts, its
 * annotations) are streamed separately from the text. When one of them fails,
 * this says so in one line where it would have been, with a way to try again;
 * the issue itself stays readable.
 */
import { catchError, type ErrorInfo } from "next/error";

type Props = { message: string; part: "concepts" | "annotations" };

function PartFailed({ message, part }: Props, { retry }: ErrorInfo) {
  const line = (
    <p className="part-error" role="status">
      {message}{" "}
      <button type="button" className="button button--quiet" onClick={() => retry()}>
        Try again
      </button>
    </p>
  );
  // The annotations occupy the margin beside the text: the notice takes their place there.
  if (part === "annotations") {
    return (
      <section className="annotation-list annotation-margin" aria-label="Annotations">
        {line}
      </section>
    );
  }
  return (
    <section className="issue-concepts" aria-label="Concepts in this issue">
      {line}
    </section>
  );
}

export const PartBoundary = catchError(PartFailed);
