import fs from "node:fs";
import { parseSource, prepareIssue } from "@/lib/ingest/pipeline";
const f = process.argv[2]!;
const docs = parseSource({ path: f, bytes: fs.readFileSync(f) }).map(prepareIssue);
for (const d of docs) { console.log(d.title, d.slug, d.publishedAt); console.log(d.html.slice(0, 3000)); console.log(JSON.stringify(d.blocks.slice(0,6), null, 1)); }
