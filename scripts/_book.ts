import fs from "node:fs";
import * as cheerio from "cheerio";
const html = fs.readFileSync("../shared/corpus/tbm2020/index.html", "utf8");
const $ = cheerio.load(html);
const want = new Set(process.argv.slice(2).map(Number));
let cur = -1; const out: string[] = [];
$("h2, h3, h4, p, li, blockquote").each((_, el) => {
  const t = $(el).text().replace(/\s+/g, " ").trim();
  const m = el.tagName === "h2" ? /TBM (\d+)\/53/.exec(t) : null;
  if (el.tagName === "h2") cur = m ? Number(m[1]) : -1;
  if (want.has(cur) && !$(el).parents("li,blockquote").length) out.push(`${el.tagName}: ${t}`);
});
console.log(out.join("\n"));
