import fs from "node:fs";
import path from "node:path";
import { findGoldIssue, type Gold } from "@/lib/concepts/evaluate";
import { conceptKey } from "@/lib/concepts/normalise";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
(globalThis as unknown as { __f: unknown[] }).__f = [];
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const gold = JSON.parse(fs.readFileSync("tests/fixtures/concepts-gold.json", "utf8")) as Gold;
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { result } = extractOffline(issues);
  const feats = (globalThis as unknown as { __f: Record<string, unknown>[] }).__f;
  const out: unknown[] = [];
  for (const g of gold.issues) {
    if (g.heldBack) continue;
    const issue = findGoldIssue(issues, g)!;
    const keyEntries = g.key.map((e) => (Array.isArray(e) ? e : [e]).map(conceptKey));
    const alsoEntries = g.also.map((e) => (Array.isArray(e) ? e : [e]).map(conceptKey));
    for (const f of feats.filter((x) => x.issueId === issue.id)) {
      const c = result.concepts.find((x) => x.key === f.key);
      const ks = new Set([...(f.keys as string[]), ...(c ? [conceptKey(c.name), ...c.aliases.map(conceptKey)] : [])]);
      const key = keyEntries.findIndex((e) => e.some((k) => ks.has(k)));
      const also = alsoEntries.some((e) => e.some((k) => ks.has(k)));
      out.push({ ...f, issue: g.title, name: c?.name ?? f.key, label: key >= 0 ? "key" : also ? "also" : "wrong", keyIndex: key, nKey: g.key.length });
    }
  }
  fs.writeFileSync("/tmp/conc/feat.json", JSON.stringify(out));
}
main();
