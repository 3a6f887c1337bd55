import path from "node:path";
import { sampleConcepts } from "@/lib/concepts/evaluate";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { result } = extractOffline(issues);
  const sample = sampleConcepts(result, 30, 12);
  const byId = new Map(issues.map((i) => [i.id, i]));
  for (const c of sample) {
    const d = c.definition;
    const block = d ? byId.get(d.issueId)!.blocks.find((b) => b.id === d.blockId) : undefined;
    console.log(`\n## ${c.name} [${c.kind}] (${c.issueCount} issues) — ${block?.kind ?? "-"}\n   ${d?.text ?? "(none)"}`);
  }
}
main();
