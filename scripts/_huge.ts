import { readIssueTexts } from "@/lib/concepts/offline";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts } from "@/lib/concepts/extract";
async function main() {
  const t0 = Date.now();
  const issues = await readIssueTexts([process.argv[2]!]);
  console.log("read", issues.length, issues[0]?.blocks.length, Date.now() - t0, "ms");
  const c = new Map(issues.map((i) => [i.id, extractIssueCandidates(i)]));
  console.log("candidates", Date.now() - t0, "ms", process.memoryUsage().rss / 1e6);
  const r = extractConcepts({ issues, candidates: c });
  console.log("concepts", r.concepts.length, Date.now() - t0, "ms", process.memoryUsage().rss / 1e6);
}
main().catch((e) => { console.error("FAILED", e instanceof Error ? e.stack?.slice(0, 1500) : e); process.exit(1); });
