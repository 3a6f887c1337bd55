import path from "node:path";
import { readIssueTexts } from "@/lib/concepts/offline";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
async function main() {
  const issues = await readIssueTexts([path.resolve("..", "shared", "corpus", "cutlefish-blog", process.argv[2]!)]);
  const c = extractIssueCandidates(issues[0]!);
  console.log(c.marked.map((m) => `${m.source}:${m.key}`).join(" | "));
  console.log(c.phrases.filter((p) => p.n >= 1).map((p) => `${p.key}×${p.n}`).join(", "));
}
main();
