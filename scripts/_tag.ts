import { tagWords } from "@/lib/concepts/candidates";
for (const s of process.argv.slice(2)) console.log(tagWords(s).map((w) => `${w.text}/${w.pos}`).join(" "));
