import { createHash } from "node:crypto";
import path from "node:path";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
async function main() {
  const corpus = path.resolve(process.cwd(), "..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { result } = extractOffline(issues);
  console.log(createHash("sha256").update(JSON.stringify(result, (k, v) => (k === "mentionCount" ? undefined : v))).digest("hex"));
}
main();
