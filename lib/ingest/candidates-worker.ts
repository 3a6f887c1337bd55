/**
 * A worker thread of the candidates pool (candidates-pool.ts): reads issues for concepts (the
 * per-issue NLP step, lib/concepts/candidates.ts) and sends each issue's candidates back. It
 * loads the NLP modules once, when it starts.
 */
import { parentPort } from "node:worker_threads";
import { readIssueCandidates } from "@/lib/concepts/candidates";
import type { IssueText } from "@/lib/concepts/types";

export type WorkerRequest = { job: number; issues: Pick<IssueText, "title" | "blocks" | "html">[] };

parentPort?.on("message", ({ job, issues }: WorkerRequest) => {
  parentPort?.postMessage({ job, candidates: issues.map((issue) => readIssueCandidates(issue)) });
});
