import path from "node:path";
import { extractOffline, readIssueTexts } from "@/lib/concepts/offline";
import { GIVEN_NAMES } from "@/lib/concepts/names";
async function main() {
  const corpus = path.resolve("..", "shared", "corpus");
  const issues = await readIssueTexts([path.join(corpus, "cutlefish-blog"), path.join(corpus, "tbm2020")]);
  const { candidates, result } = extractOffline(issues);
  const c = result.concepts.find((x) => x.key === process.argv[2]);
  console.log(c ? { key: c.key, name: c.name, kind: c.kind, keys: c.memberKeys, issues: c.issues } : "none", GIVEN_NAMES.has("annie"));
  for (const [id, cc] of candidates) for (const m of cc.marked) if (m.key === process.argv[2]) console.log(id, m.source, m.surface);
}
main();
