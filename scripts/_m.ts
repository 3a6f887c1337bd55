import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts } from "@/lib/concepts/extract";
const TEXTS: [string, string[]][] = [
  ["Objectives and Key Results", ["We write Objectives and Key Results (OKRs) each quarter.", "Our OKRs are few. OKRs need a persistent model behind them.", "Call me Monday, yeah."]],
  ["Quarterly OKRs", ["The OKRs were cascaded down. Teams resented the OKRs.", "A persistent model helps: the persistent model outlives the quarter."]],
  ["Lean UX in practice", ["We practise LeanUX with the team, and LeanUX works.", "Lean UX is about outcomes. Lean UX needs a persistent model too."]],
  ["Speed vs. Quality", ["Speed vs. quality is a false choice.", "Speed versus quality again; it is really about batch size and the persistent model."]],
  ["Quality versus speed, again", ["Quality vs. speed came up at the review.", "We looked at batch size."]],
  ["Batch size", ["Small batches are faster. Batch size is the lever; keep the batch size small."]],
  ["A note", ["Read more at https://example.org/notes. Thanks, yeah."]],
  ["Another note", ["The weather on Tuesday was fine."]],
];
const issues = TEXTS.map(([title, paragraphs], i) => {
  let offset = 0;
  const blocks = paragraphs.map((text, j) => { const b = { id: `b-${i}-${j}`, kind: "p" as const, text, start: offset, end: offset + text.length }; offset += text.length + 2; return b; });
  return { id: i + 1, slug: `issue-${i + 1}`, title, publishedAt: new Date(Date.UTC(2020 + (i % 3), i, 1)), blocks, html: blocks.map((b) => `<p id="${b.id}">${b.text}</p>`).join("") };
});
const candidates = new Map(issues.map((i) => [i.id, extractIssueCandidates(i)]));
const r = extractConcepts({ issues, candidates });
for (const c of r.concepts) console.log(c.key, "|", c.memberKeys.join(","), "|", c.mentions.map((m) => `${m.issueId}:${m.surface}`).join(", "));
