import { extractIssueCandidates } from "@/lib/concepts/candidates";
const c = extractIssueCandidates({ title: process.argv[2]!, blocks: [], html: "" });
console.log(JSON.stringify(c.marked));
