import { extractIssueCandidates, tagWords } from "@/lib/concepts/candidates";
const texts = process.argv.slice(2);
for (const t of texts) {
  const c = extractIssueCandidates({ title: "Untitled", html: "", blocks: [{ id: "p-1", kind: "p", text: t, start: 0, end: t.length }] });
  console.log(t, "\n  ->", c.marked.filter((m) => m.source === "tension").map((m) => m.surface).join(" | "));
  console.log("  ", tagWords(t).map((w) => `${w.text}/${w.pos}`).join(" "));
}
