import fs from "node:fs";
import path from "node:path";
import { keysOfConcept, type Gold } from "@/lib/concepts/evaluate";
import { conceptKey } from "@/lib/concepts/normalise";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
const feats: Record<string, unknown>[] = [];
(globalThis as unknown as { __features?: unknown[] }).__features = feats;
async function main() {
  const corpus = path.resolve(process.cwd(), "..", "shared", "corpus");
  const gold = JSON.parse(fs.readFileSync("tests/fixtures/concepts-gold.json", "utf8")) as Gold;
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { result } = extractOffline(issues);
  const byKey = new Map(result.concepts.map((c) => [c.key, c]));
  const out: unknown[] = [];
  gold.issues.forEach((g, gi) => {
    const issue = g.source === "tbm2020" ? issues.find((i) => i.sourcePath.includes("tbm2020") && i.number === g.number)! : issues.find((i) => i.sourcePath.endsWith(g.source))!;
    const keyEntries = g.key.map((e) => (Array.isArray(e) ? e : [e]).map(conceptKey));
    const alsoEntries = g.also.map((e) => (Array.isArray(e) ? e : [e]).map(conceptKey));
    for (const f of feats.filter((f) => f.issueId === issue.id)) {
      const c = byKey.get(f.key as string)!;
      const keys = keysOfConcept(c);
      const keyIdx = keyEntries.findIndex((e) => e.some((k) => keys.has(k)));
      const also = alsoEntries.some((e) => e.some((k) => keys.has(k)));
      out.push({ ...f, gi, name: c.name, keyIdx, label: keyIdx >= 0 ? "key" : also ? "also" : "none" });
    }
  });
  fs.writeFileSync("/tmp/c2/feats.json", JSON.stringify({ rows: out, nkeys: gold.issues.map((g) => g.key.length) }));
}
main();
