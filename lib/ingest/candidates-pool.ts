/**
 * The per-issue NLP step (lib/concepts/candidates.ts) on worker threads beside the calling one,
 * for a run that reads many issues: it is a pure function of one issue's text, so issues can be
 * read side by side. Each worker loads the NLP modules itself (about a second of CPU, the
 * part-of-speech model above all), so a run pays that only when it reads enough issues for the
 * split to win; a quick run (one issue, a few) reads them in its own thread. The calling thread
 * has the modules loaded anyway (the extractor's version comes from them) and reads issues too:
 * on two cores, one worker and this thread. The candidates come back in the order the issues
 * were given, the same as reading them one by one in this thread.
 */
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { IssueCandidates, IssueText } from "@/lib/concepts/types";
import type { WorkerRequest } from "./candidates-worker";

/** Fewer issues than this are read in the calling thread alone: a worker's start-up would cost more than it saves. */
export const POOL_MIN_ISSUES = 120;

/** Issues in one job: small, so the threads finish a batch together and this thread checks for replies often. */
const JOB_ISSUES = 4;

/** Jobs a worker holds at once: the next one is waiting when it finishes, even while this thread is busy reading. */
const WORKER_DEPTH = 2;

type ReadIssue = Pick<IssueText, "title" | "blocks" | "html">;
type Job = { issues: ReadIssue[]; resolve: (c: IssueCandidates[]) => void; reject: (err: Error) => void };

export type CandidatesPool = {
  /** Candidates of `issues`, in order: jobs go to the workers, and `here` reads the rest in this thread. */
  read: (issues: ReadIssue[], here: (issue: ReadIssue) => IssueCandidates) => Promise<IssueCandidates[]>;
  close: () => Promise<void>;
};

/**
 * Workers beside the calling thread: one per core left over, at most `max`. None on one core, and
 * none while the machine is busy (a 1-minute load average of cores − 0.5 or more): with no spare
 * core a worker only adds its start-up and the copying to and from it (on the 2-core development
 * machine at load 6–8, about 2 s more CPU and no time won).
 */
export function poolSize(max = 3, load = os.loadavg()[0] ?? 0): number {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  if (load >= cores - 0.5) return 0;
  return Math.max(0, Math.min(cores - 1, max));
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startCandidatesPool(size = poolSize()): CandidatesPool {
  const file = path.join(__dirname, "candidates-worker.ts");
  const pending = new Map<number, Job>();
  const queue: Job[] = [];
  let nextId = 0;
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const job of [...pending.values(), ...queue.splice(0)]) job.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: size }, () => {
    // tsx's require hook in the worker: it runs the TypeScript module however this process was started.
    const worker = new Worker(file, { execArgv: ["--require", "tsx/cjs"] });
    const state = { worker, held: 0 };
    worker.on("message", ({ job, candidates }: { job: number; candidates: IssueCandidates[] }) => {
      state.held--;
      pending.get(job)?.resolve(candidates);
      pending.delete(job);
      dispatch();
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`a candidates worker exited with code ${code}`)));
    return state;
  });
  const dispatch = () => {
    for (const w of workers) {
      while (w.held < WORKER_DEPTH && queue.length > 0) {
        const job = queue.shift()!;
        const id = nextId++;
        pending.set(id, job);
        w.held++;
        w.worker.postMessage({ job: id, issues: job.issues } satisfies WorkerRequest);
      }
    }
  };

  return {
    read: async (issues, here) => {
      if (failure) throw failure;
      const parts: Promise<IssueCandidates[]>[] = [];
      for (let i = 0; i < issues.length; i += JOB_ISSUES) {
        // Only what the NLP step reads crosses to a worker.
        const slice = issues.slice(i, i + JOB_ISSUES).map(({ title, blocks, html }) => ({ title, blocks, html }));
        parts.push(new Promise((resolve, reject) => queue.push({ issues: slice, resolve, reject })));
      }
      dispatch();
      // This thread takes jobs from the same queue, letting the workers' replies in between.
      for (let job = queue.shift(); job; job = queue.shift()) {
        job.resolve(job.issues.map(here));
        await nextTurn();
      }
      return (await Promise.all(parts)).flat();
    },
    close: async () => {
      failure ??= new Error("the candidates pool is closed");
      for (const w of workers) w.worker.removeAllListeners("exit");
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/**
 * A pool started ahead of the concepts stage (an ingest storing many issues starts it while it
 * stores, so the workers load their modules while this thread waits on the database), taken by
 * the stage that reads them, or closed unused at the end of the run.
 */
let warm: CandidatesPool | undefined;

/** Start the pool ahead of its use, once (nothing on one core). */
export function warmCandidatesPool(): void {
  if (!warm && poolSize() > 0) warm = startCandidatesPool();
}

/** The pool warmed ahead (its start-up is paid), else a new one if this machine has a spare core. */
export function takeCandidatesPool(): CandidatesPool | undefined {
  const pool = warm ?? (poolSize() > 0 ? startCandidatesPool() : undefined);
  warm = undefined;
  return pool;
}

/** Close a pool warmed ahead that nothing took (the run read fewer issues than the pool is for). */
export async function closeWarmPool(): Promise<void> {
  const pool = warm;
  warm = undefined;
  await pool?.close();
}
