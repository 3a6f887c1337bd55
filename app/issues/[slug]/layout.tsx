import { notFound } from "next/navigation";
import { loadIssue } from "./load-issue";

/**
 * Settles whether the issue exists before anything is streamed: the page below
 * has a loading state (loading.tsx), and once that has been sent the status is
 * fixed at 200, so an unknown slug must be a 404 here, above it.
 */
export default async function IssueLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  if (!(await loadIssue((await params).slug))) notFound();
  return children;
}
