import path from "node:path";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
(globalThis as unknown as { __trace?: string[] }).__trace = process.argv.slice(2);
async function main() {
  const corpus = path.resolve(process.cwd(), "..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  extractOffline(issues);
}
main();
