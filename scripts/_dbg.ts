import fs from "node:fs";
import path from "node:path";
import { findGoldIssue, keysOfConcept, rankIssueConcepts, type Gold } from "@/lib/concepts/evaluate";
import { conceptKey } from "@/lib/concepts/normalise";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const gold = JSON.parse(fs.readFileSync("tests/fixtures/concepts-gold.json", "utf8")) as Gold;
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { candidates, result } = extractOffline(issues);
  const only = process.argv[2];
  for (const g of gold.issues) {
    if (g.heldBack) continue;
    if (only && !g.title.toLowerCase().includes(only.toLowerCase())) continue;
    const issue = findGoldIssue(issues, g)!;
    const c = candidates.get(issue.id)!;
    const ranked = rankIssueConcepts(result, issue.id);
    console.log(`\n== ${g.title}`);
    for (const e of g.key) {
      const names = (Array.isArray(e) ? e : [e]);
      const keys = new Set(names.map(conceptKey));
      const pos = ranked.findIndex((x) => [...keysOfConcept(x)].some((k) => keys.has(k)));
      if (pos >= 0 && pos < 10) continue;
      const marked = c.marked.filter((m) => keys.has(m.key)).map((m) => m.source);
      const phrases = c.phrases.filter((p) => keys.has(p.key)).map((p) => `${p.key}×${p.n}`);
      const concept = result.concepts.find((x) => [...keysOfConcept(x)].some((k) => keys.has(k)));
      const words = [...keys].filter((k) => !k.includes(" ")).map((k) => `${k}:${c.words[k] ?? 0}`);
      console.log(`  MISS ${names[0]}: rank ${pos >= 0 ? pos + 1 : "-"}; marked [${marked.join(",")}]; phrases [${phrases.join(",")}]; words [${words.join(",")}]; concept ${concept ? `${concept.name} (${concept.issueCount} issues)` : "NONE"}`);
    }
    ranked.slice(0, 14).forEach((x, i) => console.log(`   ${i + 1}. ${x.name} [${x.kind}] ${x.issues.find((r) => r.issueId === issue.id)!.score}`));
  }
}
main();
