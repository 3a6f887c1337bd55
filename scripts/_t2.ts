import { tagWords } from "@/lib/concepts/candidates";
for (const t of process.argv.slice(2)) console.log(tagWords(t).map((w) => `${w.text}/${w.pos}`).join(" "));
