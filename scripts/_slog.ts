import fs from "node:fs";
import path from "node:path";
import { readIssueTexts } from "@/lib/concepts/offline";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "tbm2020")]);
  for (const i of issues) {
    const c = extractIssueCandidates(i);
    const t = c.marked.filter((m) => m.source === "title" || m.source === "slogan").map((m) => `${m.source[0]}:${m.surface}`);
    console.log(i.number, i.title, "=>", [...new Set(t)].join(" | "));
  }
}
main();
