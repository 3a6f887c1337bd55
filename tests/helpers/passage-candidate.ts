/** A definition-passage candidate for the passage chooser's unit tests: `concept` found in a one-block text of our own. */
import type { Block } from "@/db/schema";
import type { PassageCandidate } from "@/lib/concepts/passages";

let blocks = 0;

export function passageCandidate(
  text: string,
  concept: string,
  extra: Partial<PassageCandidate> & { kind?: Block["kind"] } = {},
): PassageCandidate {
  const { kind = "p", ...rest } = extra;
  const start = text.indexOf(concept);
  if (start < 0) throw new Error(`"${concept}" not in "${text}"`);
  return {
    issueId: 1,
    block: { id: `b${++blocks}`, kind, text, start: 0, end: text.length },
    previous: undefined,
    start,
    end: start + concept.length,
    rankInIssue: 5,
    publishedAt: null,
    boldLead: false,
    ...rest,
  };
}
