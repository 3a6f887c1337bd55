import { extractIssueCandidates } from "@/lib/concepts/candidates";
for (const t of process.argv.slice(2)) {
  const c = extractIssueCandidates({ title: t, html: "", blocks: [{ id: "p-1", kind: "p", text: "Some text here about nothing.", start: 0, end: 10 }] });
  console.log(t, "=>", c.marked.map((m) => `${m.source}:${m.surface}`).join(" | "), "|| phrases:", c.phrases.map((p) => p.key).join(", "));
}
