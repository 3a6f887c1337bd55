/** A definition-passage candidate for the passage chooser's unit tests: `concept` found in a one-block text of our own. */
import type { Block } from "@/db/schema";
import { PassageChooser, type PassageCandidate } from "@/lib/concepts/passages";

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

/** The passage the chooser shows of the candidates offered (in that order), or undefined for none. */
export function shown(...offered: PassageCandidate[]): string | undefined {
  const chooser = new PassageChooser();
  for (const c of offered) chooser.offer(c);
  return chooser.result()?.text;
}
