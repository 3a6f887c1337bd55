import { describe, expect, it } from "vitest";
import { namesTitle, PassageChooser, sentenceAround, spellsOut, type PassageCandidate } from "@/lib/concepts/passages";
import { passageCandidate } from "../helpers/passage-candidate";

describe("sentenceAround", () => {
  it("finds the sentence a mention sits in", () => {
    const text = "First things first. A decision log records why we chose. Then we move on.";
    const at = text.indexOf("decision log");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(text.slice(from, to)).toBe("A decision log records why we chose.");
  });

  it("looks for boundaries only near the mention, so a block of millions of characters costs no more than a paragraph", () => {
    const run = "word ".repeat(400_000);
    const text = `${run}the decision log ${run}`;
    const at = text.indexOf("decision log");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(at - from).toBeLessThanOrEqual(1500);
    expect(to - (at + 12)).toBeLessThanOrEqual(1500);
  });
});

const candidate = passageCandidate;

describe("choosing a definition passage", () => {
  it("takes a list item's \"X: sentence\" as a gloss, but not a title, a gerund's label or a question after the colon", () => {
    const li = (text: string, concept: string, id: string) =>
      candidate(text, concept, { block: { id, kind: "li", text, start: 0, end: text.length }, rankInIssue: 99 });
    const said = "However we all suffer from putting our craft at the center of the universe.";
    const passing = candidate(said, "craft", {
      block: { id: "passing", kind: "p", text: said, start: 0, end: said.length },
    });
    for (const [text, wins] of [
      ["Craft: People need to know what they are doing, and do it well.", true],
      ["Craft: Applying Lean Principles to Improve Your Work", false],
      ["Craft: Making a big impact with software products", false],
      ["Craft: What about the craft of the teams around you?", false],
    ] as const) {
      const chooser = new PassageChooser();
      chooser.offer(passing);
      chooser.offer(li(text, "Craft", "item"));
      expect(chooser.result()?.blockId, text).toBe(wins ? "item" : "passing");
    }
  });

  it("takes a sentence from an issue that isn't about the word only when the sentence says what it is", () => {
    const about = candidate("Our craft suffers when the roadmap is fixed a year ahead.", "craft", { rankInIssue: 2 });
    const defining = "Craft is the care and skill people bring to the work itself, beyond what the ticket asks.";
    // Shaped as something said of it ("X can…"), which in the issue about it would outscore the first.
    const passing = "Craft can wait until the launch is done, we told each other that week.";
    const chooser = new PassageChooser();
    chooser.offer(about);
    chooser.offer(candidate(passing, "Craft", { incidental: true, rankInIssue: 99 }));
    expect(chooser.result()?.text).toBe(about.block.text);
    chooser.offer(candidate(defining, "Craft", { incidental: true, rankInIssue: 99 }));
    expect(chooser.result()?.text).toBe(defining);
  });

  it("prefers a sentence that says what the concept is over one that names it in a list", () => {
    const chooser = new PassageChooser();
    chooser.offer(candidate("We tried standups, retros, a decision log, and pairing last quarter.", "decision log"));
    chooser.offer(
      candidate(
        "A decision log is a running record of what a team decided and why, kept where everyone can read it.",
        "decision log",
      ),
    );
    expect(chooser.result()?.text).toMatch(/^A decision log is a running record/);
  });

  it("does not take a heading, a question or quoted speech when a sentence of the writer's explains it", () => {
    const chooser = new PassageChooser();
    chooser.offer(
      candidate("Decision logs", "Decision logs", {
        block: { id: "h-1", kind: "h2", text: "Decision logs", start: 0, end: 13 },
      }),
    );
    chooser.offer(candidate("Is a decision log worth the trouble?", "decision log"));
    chooser.offer({
      ...candidate("The decision log is a waste of time, everyone says so.", "decision log"),
      block: {
        id: "q-1",
        kind: "quote",
        text: "The decision log is a waste of time, everyone says so.",
        start: 0,
        end: 54,
      },
    });
    chooser.offer(
      candidate(
        "A decision log helps a new teammate read the reasoning behind the roadmap, not just the result.",
        "decision log",
      ),
    );
    expect(chooser.result()?.text).toMatch(/^A decision log helps/);
  });

  it("never takes a sample issue's passage when an issue of the author's mentions the concept", () => {
    const chooser = new PassageChooser();
    chooser.offer(
      candidate("A decision log is a running record of what a team decided and why.", "decision log", {
        sample: true,
        rankInIssue: 1,
      }),
    );
    chooser.offer(candidate("We keep our decision log on the wiki.", "decision log", { issueId: 2 }));
    expect(chooser.result()).toMatchObject({ issueId: 2 });
    const onlySamples = new PassageChooser();
    onlySamples.offer(
      candidate("A decision log is a running record of what a team decided and why.", "decision log", { sample: true }),
    );
    expect(onlySamples.result()?.text).toMatch(/^A decision log is/);
  });

  it("reads 'aka X', 'the gist of X' and 'the notion that … X …' as saying what X is, over a passing mention", () => {
    for (const [passing, explaining, concept] of [
      [
        "We groomed the decision log on Friday afternoon before the demo.",
        "We moved from a wiki page of choices and reasons (aka decision log) to a shared doc.",
        "decision log",
      ],
      [
        "Our pair rotation stalled during the launch, and nobody noticed for weeks.",
        "Swapping partners every day so knowledge spreads is really the gist of pair rotation.",
        "pair rotation",
      ],
      [
        "Many teams still mention a learning style when they plan onboarding work.",
        "The notion that each person has one learning style and learns best when taught in it is still widespread.",
        "learning style",
      ],
    ] as const) {
      const chooser = new PassageChooser();
      chooser.offer(candidate(passing, concept));
      chooser.offer(candidate(explaining, concept));
      expect(chooser.result()?.text, concept).toBe(explaining);
    }
  });

  it("takes a quoted source's definition ('X are self-organizing and cross-functional') over the writer's passing mention", () => {
    const quoted = "Delivery squads are self-organizing and cross-functional, with every skill they need to ship.";
    const chooser = new PassageChooser();
    chooser.offer(
      candidate(
        "An organization struggles for the same reasons delivery squads struggle with their commitments, only more so.",
        "delivery squads",
      ),
    );
    chooser.offer({
      ...candidate(quoted, "Delivery squads"),
      block: { id: "q-2", kind: "quote", text: quoted, start: 0, end: quoted.length },
    });
    expect(chooser.result()?.text).toBe(quoted);
  });
});

describe("definition cues", () => {
  it("ends a sentence at a full stop with no space after it, between two words", () => {
    const text = "Somebody has to sort this out behind the scenes.We hire coordinators (aka go-betweens) for that.";
    const at = text.indexOf("coordinators");
    const [from, to] = sentenceAround(text, at, at + 12);
    expect(text.slice(from, to)).toBe("We hire coordinators (aka go-betweens) for that.");
    const abbreviation = "Try a pairing rota, e.g.Monday and Thursday mornings.";
    const on = abbreviation.indexOf("pairing rota");
    expect(abbreviation.slice(...sentenceAround(abbreviation, on, on + 12))).toBe(abbreviation);
    const trailing = "Shipping is not the same as learning \u2026One team\u2019s output is another team\u2019s input.";
    const input = trailing.indexOf("input");
    expect(trailing.slice(...sentenceAround(trailing, input, input + 5))).toBe(
      "One team\u2019s output is another team\u2019s input.",
    );
  });

  it("reads 'by X I mean' as the writer saying what X is, but not 'caused by X' or 'represented by X'", () => {
    const meant = "By pair rotation I mean swapping partners every day, so that what one pair learns spreads.";
    const caused =
      "Most of the confusion on the team was caused by pair rotation, which nobody had explained to the new hires.";
    const chooser = new PassageChooser();
    chooser.offer(candidate(caused, "pair rotation"));
    chooser.offer(candidate(meant, "pair rotation"));
    expect(chooser.result()?.text).toBe(meant);
    // Before the fix the bare "by" counted as an introduction and this passing mention won over a sentence that says what X does.
    const passing = new PassageChooser();
    passing.offer(
      candidate(
        "We did a lot of cleanup that was never represented by tickets on the board, week after week.",
        "tickets",
      ),
    );
    passing.offer(
      candidate("Tickets pile up on the board when nobody on the team looks at them for a week.", "Tickets"),
    );
    expect(passing.result()?.text).toMatch(/^Tickets pile up/);
  });

  it("takes an acronym spelled out in parentheses, or a gloss marked 'aka', over a passing mention", () => {
    expect(spellsOut("WIP", "work in progress")).toBe(true);
    expect(spellsOut("SaaS", "Software as a Service")).toBe(true);
    expect(spellsOut("HiPPOs", "highest paid person’s opinions")).toBe(true);
    expect(spellsOut("WIP", "we discussed it later")).toBe(false);
    expect(spellsOut("roadmap", "the big one")).toBe(false);
    const chooser = new PassageChooser();
    chooser.offer(candidate("Our team kept its OKR list on the wall near the coffee machine all year.", "OKR"));
    chooser.offer(
      candidate("Every quarter we wrote a new OKR (objectives and key results) for the whole department.", "OKR"),
    );
    expect(chooser.result()?.text).toMatch(/objectives and key results/);
    // A remark in parentheses is no gloss.
    const aside = new PassageChooser();
    aside.offer(
      candidate(
        "We talked about the dependency map (and lunch) for most of the afternoon on Friday.",
        "dependency map",
      ),
    );
    aside.offer(
      candidate(
        "A dependency map shows which team waits on which, so the waiting can be planned for.",
        "dependency map",
      ),
    );
    expect(aside.result()?.text).toMatch(/^A dependency map shows/);
  });

  it("does not read 'X is a bit different' as saying what X is", () => {
    const defining = "Flow time is the time a piece of work spends between starting and finishing, waiting included.";
    const chooser = new PassageChooser();
    chooser.offer(
      candidate(
        "Flow time is a bit different when the work arrives in large batches from another department.",
        "Flow time",
        { rankInIssue: 1 },
      ),
    );
    chooser.offer(candidate(defining, "Flow time", { rankInIssue: 8 }));
    expect(chooser.result()?.text).toBe(defining);
  });

  it("prefers a plain use of X to 'the so-called X' or 'X, whatever that means' (the writer keeping a distance)", () => {
    const plain = "Our flow time dropped by half once the team stopped starting new work every Monday.";
    for (const distanced of [
      "Management keeps asking about the so-called flow time of the team in every quarterly review.",
      "They want a better flow time, whatever that means, by the end of the quarter in every team.",
    ]) {
      const chooser = new PassageChooser();
      chooser.offer(candidate(distanced, "flow time", { rankInIssue: 1 }));
      chooser.offer(candidate(plain, "flow time", { rankInIssue: 2 }));
      expect(chooser.result()?.text, distanced).toBe(plain);
    }
  });

  it("does not show a template with blanks to fill in ('cycle time would rise to ## because ____') over a plain use", () => {
    const plain = "Some teams chart their cycle time every week to see where work waits between hand-offs.";
    for (const template of [
      "Cycle time would rise slightly, reaching ## days by March. It would likely be because ________, and cost us $______",
      "Our cycle time will drop to ______ once we stop ________ in every sprint planning session.",
    ]) {
      const chooser = new PassageChooser();
      chooser.offer(candidate(template, template.includes("Cycle") ? "Cycle time" : "cycle time", { rankInIssue: 1 }));
      chooser.offer(candidate(plain, "cycle time", { rankInIssue: 9 }));
      expect(chooser.result()?.text, template).toBe(plain);
    }
  });

  it("reads 'using X as a metaphor for …' as saying what X stands for", () => {
    const chooser = new PassageChooser();
    chooser.offer(
      candidate("We spent the whole offsite talking about Jenga and what it meant for the roadmap.", "Jenga"),
    );
    chooser.offer(
      candidate("I use Jenga as a metaphor for plans that stay up only while nobody touches the bottom.", "Jenga"),
    );
    expect(chooser.result()?.text).toMatch(/as a metaphor/);
  });
});

describe("the opening of an issue named after a concept", () => {
  it("knows when a title is the name of a concept: less numbering, parentheses, a subtitle and end punctuation", () => {
    const at = (title: string, name: string) =>
      [title.toLowerCase().indexOf(name), title.toLowerCase().indexOf(name) + name.length] as const;
    for (const [title, name] of [
      ["Stop Juggling Knives (With Teams and Projects)", "stop juggling knives"],
      ["PUB 12/40: The Paper Roadmap", "paper roadmap"],
      ["Paper Roadmaps: A Field Guide", "paper roadmaps"],
      ["Why Paper Roadmaps?", "paper roadmaps"],
    ] as const)
      expect(namesTitle(title, ...at(title, name)), title).toBe(true);
    for (const [title, name] of [
      ["Ten Tips for Paper Roadmaps", "paper roadmaps"],
      ["Paper Roadmaps and Their Enemies", "paper roadmaps"],
    ] as const)
      expect(namesTitle(title, ...at(title, name)), title).toBe(false);
  });

  function lead(text: string, name: string, extra: Partial<PassageCandidate> = {}): PassageCandidate {
    return { ...candidate(text, text.slice(0, 1)), start: 0, end: 0, titleLead: name, ...extra };
  }

  it("offers the opening paragraph when the concept's own sentences only name it, but not an opening about something else", () => {
    const slogan = "Stop juggling knives with your team.";
    const opening =
      "For a while now I have used juggling knives as a picture of what happens when one team carries five projects at once. Something always drops.";
    const chooser = new PassageChooser();
    chooser.offer(candidate(slogan, "juggling knives", { rankInIssue: 14 }));
    chooser.offer(lead(opening, "Stop Juggling Knives", { rankInIssue: 12 }));
    expect(chooser.result()?.text).toBe(opening);
    const chatter = new PassageChooser();
    chatter.offer(candidate(slogan, "juggling knives", { rankInIssue: 14 }));
    chatter.offer(
      lead(
        "Illustrations by a friend of mine. Thanks to everyone who sent in notes this week.",
        "Stop Juggling Knives",
        { rankInIssue: 1 },
      ),
    );
    expect(chatter.result()?.text).toBe(slogan);
  });

  it("prefers a sentence that says what the concept is over the opening", () => {
    const chooser = new PassageChooser();
    chooser.offer(
      lead(
        "I have been thinking about paper roadmaps a lot lately, mostly on long train rides home.",
        "Paper Roadmaps",
        { rankInIssue: 1 },
      ),
    );
    chooser.offer(
      candidate(
        "A paper roadmap is a plan printed once a quarter and pinned to a wall, where nobody updates it.",
        "paper roadmap",
        { rankInIssue: 1 },
      ),
    );
    expect(chooser.result()?.text).toMatch(/^A paper roadmap is/);
  });
});
