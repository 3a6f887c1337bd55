import fs from "node:fs";
import path from "node:path";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { result } = extractOffline(issues);
  const top = [...result.concepts].filter((c) => !c.hidden).sort((a, b) => b.mentions.length - a.mentions.length);
  const out = top.map((c, i) => `${i + 1}\t${c.name}\t${c.kind}\t${c.mentions.length}\t${c.issueCount}\t${c.issues.length}\t${c.memberKeys.join("|")}\t${(c.definition?.text ?? "").slice(0, 160).replace(/\s+/g, " ")}`);
  fs.writeFileSync(process.argv[2] ?? "/tmp/conc/top.tsv", out.join("\n") + "\n");
  const empty = issues.filter((i) => !result.concepts.some((c) => c.issues.some((r) => r.issueId === i.id)));
  console.log("concepts", result.concepts.length, "issues without concepts:", empty.map((i) => i.title).join(" | "));
}
main();
