import { tagWords } from "@/lib/concepts/candidates";
console.log(tagWords("Agreeing to Disagree").map((w) => `${w.text}/${w.pos}`).join(" "));
