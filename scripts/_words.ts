import path from "node:path";
import fs from "node:fs";
import { readIssueTexts } from "@/lib/concepts/offline";
import { tokenize } from "@/lib/concepts/tokens";
import { keyness, referencePerMillion } from "@/lib/concepts/reference";
import { STOPWORDS } from "@/lib/concepts/junk";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const cf = new Map<string, number>(); const per = new Map<string, Map<number, number>>();
  const len = new Map<number, number>(); let total = 0;
  for (const i of issues) { let n = 0; for (const b of i.blocks) for (const t of tokenize(b.text)) { n++; if (STOPWORDS.has(t.norm)) continue; cf.set(t.norm, (cf.get(t.norm) ?? 0) + 1); let m = per.get(t.norm); if (!m) per.set(t.norm, m = new Map()); m.set(i.id, (m.get(i.id) ?? 0) + 1);} len.set(i.id, n); total += n; }
  const N = issues.length;
  const words = process.argv.slice(2);
  for (const w of words) {
    const c = cf.get(w) ?? 0; const m = per.get(w) ?? new Map(); const df = m.size;
    let d = 0; for (const i of issues) { const s = len.get(i.id)! / total; d += Math.abs((m.get(i.id) ?? 0) / Math.max(1,c) - s); } d /= 2;
    const ridf = -Math.log2(df / N) + Math.log2(1 - Math.exp(-c / N));
    const peak = Math.max(0, ...m.values());
    console.log([w, c, df, keyness(w, c, total).toFixed(0), referencePerMillion(w).toFixed(1), d.toFixed(2), ridf.toFixed(2), peak].join("\t"));
  }
}
main();
