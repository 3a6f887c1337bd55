import { parseSource } from "@/lib/ingest/parse";
import { prepareIssue } from "@/lib/ingest/pipeline";
import { discoverSources } from "@/lib/ingest/sources";
async function main() {
  const { sources, missing } = await discoverSources(process.argv.slice(2));
  console.log(missing);
  for (const s of sources) {
    try {
      for (const p of await parseSource(s)) {
        if (p.failure) { console.log("FAILED ITEM", p.sourceLabel, p.failure); continue; }
        try {
          const d = prepareIssue(p, () => undefined);
          console.log("====", s.path, p.sourceLabel ?? "", "|", d.slug, d.number, d.series, d.title, "|", d.subtitle, d.publishedAt?.toISOString(), d.sourceUrl);
          console.log(d.html); console.log("removed:", d.removed);
        } catch (e) { console.log("FAILED PREP", s.path, p.sourceLabel, (e as Error).message); }
      }
    } catch (e) { console.log("FAILED", s.path, (e as Error).message); }
  }
}
main();
