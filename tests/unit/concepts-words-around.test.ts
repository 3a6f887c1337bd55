import { describe, expect, it } from "vitest";
import { wordAfter, wordBefore } from "@/lib/concepts/words-around";
import { makeRandom } from "@/lib/random";

// What mentions.ts's use cues read around a mention, as the expressions it used to run.
const beforeByRegex = (text: string, start: number) =>
  /([A-Za-z]+)\W*$/.exec(text.slice(Math.max(0, start - 24), start))?.[1];
const afterByRegex = (text: string, end: number) => /^\W*([A-Za-z]+)/.exec(text.slice(end, end + 24))?.[1];

describe("the words around a mention", () => {
  it("finds the word before and after, past punctuation, not past a digit", () => {
    const text = "we moved it into Jira tickets, then (via Slack) 3Scrum_ x";
    expect(wordBefore(text, text.indexOf("Jira"))).toBe("into");
    expect(wordAfter(text, text.indexOf("Jira") + 4)).toBe("tickets");
    expect(wordBefore(text, text.indexOf("Slack"))).toBe("via");
    expect(wordAfter(text, text.indexOf("Slack") + 5)).toBeUndefined();
    expect(wordBefore(text, text.indexOf(" x"))).toBeUndefined();
    expect(wordBefore("café Kanban", 5)).toBe("caf");
    expect(wordAfter("", 0)).toBeUndefined();
  });

  it("agrees with the regular expressions on random text", () => {
    const random = makeRandom(7);
    const alphabet = [
      "a",
      "B",
      "z",
      "Q",
      " ",
      " ",
      ".",
      ",",
      "(",
      ")",
      "'",
      "\u2019",
      "-",
      "_",
      "1",
      "9",
      "é",
      "\n",
      "\u00a0",
    ];
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 60);
      let text = "";
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      for (let at = 0; at <= text.length + 1; at++) {
        expect(wordBefore(text, at)).toBe(beforeByRegex(text, at));
        expect(wordAfter(text, at)).toBe(afterByRegex(text, at));
      }
    }
  });
});
