import path from "node:path";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
import { keyness } from "@/lib/concepts/reference";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { candidates, result } = extractOffline(issues);
  const words = new Map<string, number>(); const per = new Map<string, number[]>(); let total = 0;
  for (const [id, c] of candidates) { total += c.tokenCount; for (const [w, k] of Object.entries(c.words)) { words.set(w, (words.get(w) ?? 0) + k); let l = per.get(w); if (!l) per.set(w, l = []); l.push(k); } }
  const marks = new Map<string, Map<string, Set<number>>>();
  for (const [id, c] of candidates) for (const m of c.marked) { let mm = marks.get(m.key); if (!mm) marks.set(m.key, mm = new Map()); let s = mm.get(m.source); if (!s) mm.set(m.source, s = new Set()); s.add(id); }
  const top = [...result.concepts].filter((c) => !c.hidden).sort((a, b) => b.mentions.length - a.mentions.length).slice(0, 250);
  for (const [i, c] of top.entries()) {
    if (c.key.includes(" ") || c.kind === "acronym") continue;
    const l = per.get(c.key) ?? [];
    const T = l.filter((k) => k >= 3).length;
    const mk = [...(marks.get(c.key) ?? new Map()).entries()].map(([s, ids]) => `${s}:${ids.size}`).join(",");
    console.log([i + 1, c.name, c.mentions.length, c.issueCount, Math.round(keyness(c.key, words.get(c.key) ?? 0, total)), l.length, T, mk].join("\t"));
  }
}
main();
