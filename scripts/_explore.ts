import fs from "node:fs";
import path from "node:path";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { parseSource, prepareIssue } from "@/lib/ingest/pipeline";
const dir = "../shared/corpus/cutlefish-blog";
const t0 = performance.now();
const docs = fs.readdirSync(dir).filter(f=>f.endsWith(".md")).flatMap(f => parseSource({ path: path.join(dir,f), bytes: fs.readFileSync(path.join(dir,f)) }).map(prepareIssue));
const t1 = performance.now();
const nlp = winkNLP(model);
function sing(w:string){ if(w.length<4||/(ss|us|is)$/.test(w)) return w; if(/ies$/.test(w)) return w.slice(0,-3)+"y"; if(/(ches|shes|xes|sses)$/.test(w)) return w.slice(0,-2); if(w.endsWith("s")) return w.slice(0,-1); return w; }
const its = nlp.its;
let ntok = 0;
const df = new Map<string, number>(); const cf = new Map<string, number>();
for (const d of docs) {
  const seen = new Set<string>();
  for (const b of d.blocks) {
    const doc = nlp.readDoc(b.text);
    const vals = doc.tokens().out(its.value) as string[];
    const pos = doc.tokens().out(its.pos) as string[];
    const lem = doc.tokens().out(its.lemma) as string[];
    ntok += vals.length;
    // chunks: (ADJ|NOUN|PROPN)* NOUN|PROPN
    let i = 0;
    while (i < vals.length) {
      if (pos[i]==="ADJ"||pos[i]==="NOUN"||pos[i]==="PROPN") {
        let j = i; while (j < vals.length && (pos[j]==="ADJ"||pos[j]==="NOUN"||pos[j]==="PROPN")) j++;
        let end = j; while (end > i && pos[end-1]==="ADJ") end--;
        if (end > i) {
          for (let s = i; s < end; s++) for (let e = s+1; e <= end && e-s <= 4; e++) {
            if (e !== end) continue; // head must be last noun
            if (pos[s]==="ADJ" && e-s===1) continue;
            const k = vals.slice(s,e).map(x=>sing(x.toLowerCase())).join(" ");
            cf.set(k,(cf.get(k)??0)+1); if(!seen.has(k)){seen.add(k);df.set(k,(df.get(k)??0)+1);}
          }
        }
        i = j;
      } else i++;
    }
  }
}
const t2 = performance.now();
console.log(`docs ${docs.length} parse ${(t1-t0).toFixed(0)}ms nlp ${(t2-t1).toFixed(0)}ms tokens ${ntok}`);
const multi = [...df].filter(([k])=>k.includes(" ")).sort((a,b)=>b[1]-a[1]).slice(0,150);
console.log(multi.map(([k,v])=>`${k}:${v}/${cf.get(k)}`).join(" | "));
const single = [...df].filter(([k])=>!k.includes(" ")).sort((a,b)=>b[1]-a[1]).slice(0,150);
console.log(single.map(([k,v])=>`${k}:${v}/${cf.get(k)}`).join(" | "));
