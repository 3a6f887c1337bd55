import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import { extractConcepts, startExtraction } from "@/lib/concepts/extract";
import { TITLE_BLOCK_ID } from "@/lib/concepts/reading";
import { isDateLike, isJunkKey, isJunkShape } from "@/lib/concepts/junk";
import { LIMITS } from "@/lib/concepts/limits";
import { abbreviates, conceptKey, slugifyConcept } from "@/lib/concepts/keys";
import { rankIssueConcepts } from "@/lib/concepts/evaluate";
import { choosePassage } from "@/lib/concepts/passages";
import { logLikelihood, relateConcepts } from "@/lib/concepts/relations";
import type { IssueText } from "@/lib/concepts/types";
import { extractFromTexts, issueTexts } from "../helpers/concept-texts";

describe("normalising variants into one key", () => {
  it("ignores case, plurals, punctuation and hyphens", () => {
    expect(conceptKey("Jobs-to-be-Done")).toBe(conceptKey("jobs to be done"));
    expect(conceptKey("Feature Factories")).toBe(conceptKey("feature factory"));
    expect(conceptKey("“the feature factory”")).toBe("feature factory");
    expect(conceptKey("stakeholders’")).toBe(conceptKey("stakeholder"));
    expect(conceptKey("business")).toBe("business");
    expect(conceptKey("analyses")).toBe("analysis");
  });

  it("singularises with a lemmatizer, not by cutting letters: biases, movies, cookies, buses, compounds and the field's own words", () => {
    expect(conceptKey("cognitive biases")).toBe("cognitive bias");
    expect(conceptKey("cognitive bias")).toBe("cognitive bias");
    expect(conceptKey("movies")).toBe("movie");
    expect(conceptKey("cookies")).toBe("cookie");
    expect(conceptKey("buses")).toBe("bus");
    expect(conceptKey("Experiment Canvases")).toBe(conceptKey("experiment canvas"));
    expect(conceptKey("roadmaps")).toBe("roadmap");
    expect(conceptKey("retros")).toBe("retro");
    expect(conceptKey("North Star Metrics")).toBe(conceptKey("north star metric"));
    // Words that only look plural stay as they are.
    for (const word of ["canvas", "analytics", "status", "process", "Tetris", "data", "media", "news", "series"])
      expect(conceptKey(word)).toBe(word.toLowerCase());
  });

  it("reads an acronym's plural as the acronym: PMs, OKRs, KPIs", () => {
    expect(conceptKey("PMs")).toBe(conceptKey("PM"));
    expect(conceptKey("OKRs")).toBe("okr");
    expect(conceptKey("KPIs")).toBe("kpi");
    expect(conceptKey("SaaS")).toBe("saas");
  });

  it("reads vs., versus, v. and | alike, and ignores the order of a tension's sides", () => {
    const k = conceptKey("Speed vs. Quality");
    expect(k).toBe("quality vs speed");
    expect(conceptKey("quality versus speed")).toBe(k);
    expect(conceptKey("Speed | Quality")).toBe(k);
    expect(conceptKey("speed v. quality")).toBe(k);
  });

  it("matches acronyms to expansions by initials", () => {
    expect(abbreviates("OKRs", "Objectives and Key Results")).toBe(true);
    expect(abbreviates("MVP", "minimum viable product")).toBe(true);
    expect(abbreviates("JTBD", "jobs to be done")).toBe(true);
    expect(abbreviates("MVP", "most valuable player of the year")).toBe(false);
    expect(abbreviates("UX", "the user")).toBe(false);
  });

  it("makes readable, stable slugs", () => {
    expect(slugifyConcept("Speed vs. Quality")).toBe("speed-vs-quality");
    expect(slugifyConcept("Objectives & Key Results (OKRs)")).toBe("objectives-and-key-results-okrs");
    expect(slugifyConcept("???")).toBe("concept");
  });
});

describe("junk", () => {
  it("rejects single generic words, filler, weekdays and dates", () => {
    for (const k of [
      "thing",
      "people",
      "yeah",
      "okay",
      "monday",
      "tuesday",
      "march 2020",
      "2019",
      "q3 2020",
      "the",
      "lot",
      "im",
    ]) {
      expect(isJunkKey(conceptKey(k) || k), k).toBe(true);
    }
    expect(isDateLike(["march", "3rd"])).toBe(true);
  });

  it("rejects URLs, handles, file names and numbers by shape", () => {
    for (const s of ["https://example.org/x", "www.example.com", "@someone", "image.png", "42", "10%", "$200"])
      expect(isJunkShape(s), s).toBe(true);
  });

  it("rejects measures, mentions and clauses read as noun phrases, but keeps named compounds", () => {
    for (const k of ["word bet", "couple of team", "degree of alignment", "person love", "low level"])
      expect(isJunkKey(k), k).toBe(true);
    expect(isJunkKey("low level", { surface: "low-level" })).toBe(true);
    expect(isJunkKey("front line team")).toBe(true);
    expect(isJunkKey("front line team", { surface: "front-line teams" })).toBe(false);
    expect(isJunkKey("one person team", { surface: "One-Person Teams" })).toBe(false);
    expect(isJunkKey("real team")).toBe(true);
    expect(isJunkKey("real team", { titled: true })).toBe(false);
  });

  it("keeps real concepts", () => {
    for (const k of ["feature factory", "roadmap", "quality vs speed", "kanban", "psychological safety", "big batch"])
      expect(isJunkKey(k), k).toBe(false);
    expect(isJunkShape("Lean UX")).toBe(false);
  });
});

// Eight small issues written for these tests.
const TEXTS: [string, string[]][] = [
  [
    "Objectives and Key Results",
    [
      "We write Objectives and Key Results (OKRs) each quarter.",
      "Our OKRs are few. OKRs need a persistent model behind them.",
      "Call me Monday, yeah.",
    ],
  ],
  [
    "Quarterly OKRs",
    [
      "The OKRs were cascaded down. Teams resented the OKRs.",
      "A persistent model helps: the persistent model outlives the quarter.",
    ],
  ],
  [
    "Lean UX in practice",
    [
      "We practise LeanUX with the team, and LeanUX works.",
      "Lean UX is about outcomes. Lean UX needs a persistent model too.",
    ],
  ],
  [
    "Speed vs. Quality",
    [
      "Speed vs. quality is a false choice.",
      "Speed versus quality again; it is really about batch size and the persistent model.",
    ],
  ],
  ["Quality versus speed, again", ["Quality vs. speed came up at the review.", "We looked at batch size."]],
  ["Batch size", ["Small batches are faster. Batch size is the lever; keep the batch size small."]],
  ["A note", ["Read more at https://example.org/notes. Thanks, yeah."]],
  ["Another note", ["The weather on Tuesday was fine."]],
];

function corpus(): IssueText[] {
  return TEXTS.map(([title, paragraphs], i) => {
    let offset = 0;
    const blocks: Block[] = paragraphs.map((text, j) => {
      const b: Block = { id: `b-${i}-${j}`, kind: "p", text, start: offset, end: offset + text.length };
      offset += text.length + 2;
      return b;
    });
    return {
      id: i + 1,
      slug: `issue-${i + 1}`,
      title,
      publishedAt: new Date(Date.UTC(2020 + (i % 3), i, 1)),
      blocks,
      html: blocks.map((b) => `<p id="${b.id}">${b.text}</p>`).join(""),
    };
  });
}

function run(rules: Parameters<typeof extractConcepts>[0]["rules"] = []) {
  const issues = corpus();
  const candidates = new Map(issues.map((i) => [i.id, extractIssueCandidates(i)]));
  return extractConcepts({ issues, candidates, rules });
}

describe("merging variants across the corpus", () => {
  const result = run();
  const byKey = new Map(result.concepts.map((c) => [c.key, c]));
  const find = (k: string) => result.concepts.find((c) => c.memberKeys.includes(k));

  it("merges an acronym with its expansion, keeping both as names", () => {
    const okr = find("okr");
    expect(okr).toBeDefined();
    expect(okr!.memberKeys).toEqual(expect.arrayContaining(["okr", "objective and key result"]));
    expect(okr!.kind).toBe("acronym");
    expect(okr!.name).toMatch(/Objectives and Key Results \(OKR\)/i);
    expect(okr!.issueCount).toBe(2);
  });

  it("merges spellings that differ only by a space (LeanUX, Lean UX)", () => {
    const lean = find("leanux");
    expect(lean?.memberKeys).toEqual(expect.arrayContaining(["lean ux", "leanux"]));
    expect(lean?.mentions.length).toBe(5);
  });

  it("merges both orders and both spellings of a tension into one concept with aliases", () => {
    const t = byKey.get("quality vs speed");
    expect(t?.kind).toBe("tension");
    expect(t?.issueCount).toBe(2);
    expect(t?.name.toLowerCase()).toMatch(/^(speed vs\. quality|quality vs\. speed)$/);
    expect([t!.name, ...t!.aliases].map((a) => a.toLowerCase())).toEqual(
      expect.arrayContaining(["speed versus quality", "quality vs. speed", "speed vs. quality"]),
    );
    // Titles are mentions too.
    expect(t?.mentions.some((m) => m.blockId === TITLE_BLOCK_ID)).toBe(true);
  });

  it("merges plurals (batch sizes, small batches) and counts per year", () => {
    const b = byKey.get("batch size");
    expect(b).toBeDefined();
    expect(Object.values(b!.countsByYear).reduce((x, y) => x + y, 0)).toBe(b!.mentions.length);
    expect(b!.firstSeenAt?.getUTCFullYear()).toBe(2020);
  });

  it("never makes junk a concept", () => {
    for (const k of ["yeah", "monday", "tuesday", "weather", "note", "thanks", "example org"])
      expect(find(k), k).toBeUndefined();
    expect(result.concepts.some((c) => /https?:/.test(c.name))).toBe(false);
  });

  it("records mentions with offsets into the block text", () => {
    const issues = corpus();
    for (const c of result.concepts) {
      for (const m of c.mentions) {
        const issue = issues.find((i) => i.id === m.issueId)!;
        const text = m.blockId === TITLE_BLOCK_ID ? issue.title : issue.blocks.find((b) => b.id === m.blockId)!.text;
        expect(text.slice(m.start, m.end)).toBe(m.surface);
      }
    }
  });

  it("applies curation rules: rename, alias, merge, hide", () => {
    const curated = run([
      { id: 1, action: "rename", target: "persistent model", value: "Persistent Models" },
      { id: 2, action: "merge", target: "batch size", value: "quality vs speed" },
      { id: 3, action: "alias", target: "okr", value: "goals framework" },
      { id: 4, action: "hide", target: "leanux", value: null },
      { id: 5, action: "hide", target: "no such concept", value: null },
    ]);
    const get = (k: string) => curated.concepts.find((c) => c.memberKeys.includes(k));
    expect(get("persistent model")?.name).toBe("Persistent Models");
    expect(get("batch size")?.key).toBe("quality vs speed");
    expect(get("okr")?.aliases).toContain("goals framework");
    expect(get("leanux")?.hidden).toBe(true);
    expect(curated.dormantRules).toEqual([5]);
  });
});

describe("an issue's concepts", () => {
  const issues = issueTexts([
    [
      "Kanban at work",
      ["We moved to Kanban last year. Kanban made the flow visible.", "Our Kanban board sits by the door."],
    ],
    ["Kanban again", ["Kanban limits work in progress, and Kanban exposes the queues."]],
    ["Kanban for support", ["Support uses Kanban. With Kanban the support queue shrank."]],
    [
      "Persistent models",
      [
        "A persistent model outlives the quarter. The persistent model is a map of beliefs.",
        "Some teams also use Kanban.",
      ],
    ],
  ]);
  const result = extractFromTexts(issues);

  it("ranks what the issue returns to first, and leaves a single word named once in passing out", () => {
    const kanban = result.concepts.find((c) => c.key === "kanban");
    expect(kanban).toBeDefined();
    // The issue keeps its mention, but Kanban is not one of its concepts.
    expect(kanban!.issueCount).toBe(4);
    expect(kanban!.mentions.some((m) => m.issueId === 4)).toBe(true);
    expect(kanban!.issues.some((r) => r.issueId === 4)).toBe(false);
    const ranked = rankIssueConcepts(result, 4).map((c) => c.key);
    expect(ranked[0]).toBe("persistent model");
    expect(ranked).not.toContain("kanban");
    expect(rankIssueConcepts(result, 1).map((c) => c.key)).toContain("kanban");
  });
});

describe("a word said short for a longer concept", () => {
  const issues = issueTexts([
    [
      "Reorgs",
      [
        "The reorg left everyone with cognitive dissonance. Cognitive dissonance grows when plans and reality part.",
        "We felt the dissonance for months.",
      ],
    ],
    [
      "Roadmaps",
      ["A roadmap nobody believes breeds cognitive dissonance. The cognitive dissonance shows in standups."],
    ],
    ["Metrics", ["Vanity metrics cause cognitive dissonance, and the cognitive dissonance spreads to the team."]],
    ["Hiring", ["New hires notice the cognitive dissonance first. Their cognitive dissonance fades as they adapt."]],
    [
      "Budgets",
      ["Annual budgets create cognitive dissonance. Cognitive dissonance is the gap between saying and doing."],
    ],
    ["Weather", ["It rained all week, and the garden loved it."]],
  ]);
  const run = () => extractFromTexts(issues);

  it("joins the longer concept it ends when nearly all its uses are inside it (dissonance → cognitive dissonance)", () => {
    const limits = LIMITS as { ellipticalShare: number };
    const share = limits.ellipticalShare;
    try {
      // With the rule off, the bare word is a concept of its own: the rule is what merges it.
      limits.ellipticalShare = 2;
      expect(run().concepts.map((c) => c.key)).toContain("dissonance");
    } finally {
      limits.ellipticalShare = share;
    }
    const result = run();
    expect(result.concepts.map((c) => c.key)).not.toContain("dissonance");
    const cognitive = result.concepts.find((c) => c.key === "cognitive dissonance")!;
    expect(cognitive.memberKeys).toContain("dissonance");
    expect(cognitive.mentions.map((m) => m.surface)).toContain("dissonance");
  });
});

describe("a phrase with an acronym in it", () => {
  const issues = issueTexts([
    [
      "Flow",
      [
        "Teams that practice limiting WIP finish more of what they start.",
        "WIP (work in progress) is everything started and not yet finished; limiting WIP is the habit.",
      ],
    ],
    ["Kanban", ["Limiting work-in-progress is the heart of Kanban. Limiting work-in-progress exposes the queues."]],
    ["Queues", ["Limiting WIP again: limiting WIP shortens the queues, and work in progress piles up without it."]],
    ["Focus", ["Limiting work-in-progress helps a team focus. Too much work in progress slows everyone down."]],
    ["Weather", ["It rained all week, and the garden loved it."]],
  ]);

  it("is the same phrase with the acronym spelled out (limiting WIP, limiting work in progress)", () => {
    const result = extractFromTexts(issues);
    const limiting = result.concepts.filter((c) => c.memberKeys.some((k) => k.startsWith("limiting")));
    expect(limiting.map((c) => c.memberKeys.toSorted())).toEqual([["limiting wip", "limiting work in progress"]]);
    expect(result.concepts.find((c) => c.memberKeys.includes("wip"))?.memberKeys).toContain("work in progress");
  });
});

describe("extraction fed one issue at a time", () => {
  it("gives what extraction over all candidates at once gives, and refuses issues out of order", () => {
    const issues = corpus();
    const candidates = new Map(issues.map((i) => [i.id, extractIssueCandidates(i)]));
    const extraction = startExtraction(issues);
    // A batch's candidates are let go as soon as they are folded in; an unknown issue's are ignored.
    extraction.add(999, candidates.get(1)!);
    for (const issue of issues) extraction.add(issue.id, structuredClone(candidates.get(issue.id)!));
    const { base, ...streamed } = extraction.finish();
    expect(base.length).toBeGreaterThan(0);
    expect(streamed.concepts.length).toBeGreaterThan(5);
    expect(streamed).toEqual(extractConcepts({ issues, candidates }));
    expect(() => extraction.finish()).toThrow(/already finished/);

    const backwards = startExtraction(issues);
    backwards.add(2, candidates.get(2)!);
    expect(() => backwards.add(1, candidates.get(1)!)).toThrow(/ascending issue order/);
  });
});

describe("related concepts by significance", () => {
  it("G² is zero for independence and grows with association", () => {
    expect(logLikelihood(10, 10, 10, 10)).toBeCloseTo(0, 6);
    expect(logLikelihood(20, 0, 0, 20)).toBeGreaterThan(40);
  });

  it("relates concepts that share issues beyond chance, not ubiquitous ones", () => {
    const issuesOf = new Map<number, Set<number>>([
      [1, new Set([1, 2, 3, 4, 5])],
      [2, new Set([1, 2, 3, 4, 5])],
      [3, new Set(Array.from({ length: 40 }, (_, i) => i + 1))],
      [4, new Set([20, 21])],
    ]);
    const rel = relateConcepts(issuesOf, 40);
    expect(rel.some((r) => r.from === 1 && r.to === 2)).toBe(true);
    expect(rel.some((r) => r.from === 1 && r.to === 3)).toBe(false);
    expect(rel.some((r) => r.from === 1 && r.to === 4)).toBe(false);
  });
});

describe("definition passages", () => {
  it("prefers a sentence that defines the concept", () => {
    const block = (id: string, text: string): Block => ({ id, kind: "p", text, start: 0, end: text.length });
    const a = block("a", "We talked about the feature factory at lunch and then went home early.");
    const b = block(
      "b",
      "A feature factory is a team that measures itself by output rather than outcomes. It ships and forgets.",
    );
    const pick = choosePassage([
      {
        issueId: 1,
        block: a,
        previous: undefined,
        start: 20,
        end: 35,
        rankInIssue: 5,
        publishedAt: new Date(0),
        boldLead: false,
      },
      {
        issueId: 2,
        block: b,
        previous: undefined,
        start: 2,
        end: 17,
        rankInIssue: 5,
        publishedAt: new Date(1),
        boldLead: false,
      },
    ]);
    expect(pick?.blockId).toBe("b");
    expect(pick?.text).toMatch(/^A feature factory is a team/);
  });

  it("takes a colon after the concept as a definition only where the concept opens the sentence", () => {
    const block = (id: string, text: string): Block => ({ id, kind: "p", text, start: 0, end: text.length });
    const at = (b: Block, term: string) => ({
      start: b.text.toLowerCase().indexOf(term),
      end: b.text.toLowerCase().indexOf(term) + term.length,
    });
    const candidate = (issueId: number, b: Block) => ({
      issueId,
      block: b,
      previous: undefined,
      ...at(b, "decision log"),
      rankInIssue: 5,
      publishedAt: new Date(issueId),
      boldLead: false,
    });
    const passing = block(
      "passing",
      "The map also makes a good companion to a decision log: when you pick a branch, write down why.",
    );
    const plain = block("plain", "A decision log shortens the loop between a choice and its consequences.");
    const opening = block(
      "opening",
      "Decision log: one page where every choice sits beside the signal that would reverse it.",
    );
    expect(choosePassage([candidate(1, passing), candidate(2, plain)])?.blockId).toBe("plain");
    expect(choosePassage([candidate(1, passing), candidate(2, plain), candidate(3, opening)])?.blockId).toBe("opening");
  });
});

const extract = (items: [string, string[]][]) => extractFromTexts(issueTexts(items));

describe("which words and names are concepts, and of what kind", () => {
  const result = extract([
    [
      "Taming Slack",
      [
        "We post updates on Slack. Slack channels multiply. A Slack channel per project, a Slack group per team.",
        "Using Slack well means fewer Slack messages.",
      ],
    ],
    [
      "Slack time",
      [
        "Teams need slack. Without slack, nothing improves; build slack into the plan.",
        "Protect the slack: slack is where learning happens.",
      ],
    ],
    ["Chat tools", ["Our support team lives on Slack, and the engineers open Slack at nine."]],
    ["Buffers", ["Leave some slack in the sprint; slack absorbs surprises."]],
    [
      "Product Nerding with Annie Dunham",
      ["Annie Dunham: roadmaps are promises. Annie Dunham: outcomes matter.", "I asked Annie Dunham about teams."],
    ],
    ["Annie Dunham, part two", ["Annie Dunham talked about the product system."]],
    [
      "One Roadmap",
      [
        "The shadow roadmap hides the platform projects. Every team keeps a shadow roadmap somewhere.",
        "The CEO and every stakeholder read the real one.",
      ],
    ],
    [
      "Stakeholders",
      [
        "The CEO asked the stakeholders. Stakeholders want dates; the CEO wants outcomes.",
        "Our stakeholders and our CEO agree.",
      ],
    ],
    ["CEO notes", ["The CEO again. Stakeholders again."]],
  ]);
  const byKey = (key: string) => result.concepts.find((c) => c.key === key || c.memberKeys.includes(key));

  it("keeps Slack the tool apart from slack time, and knows the tool for a tool", () => {
    const tool = result.concepts.find((c) => c.name === "Slack");
    const time = result.concepts.find((c) => c.key === "slack");
    expect(tool).toMatchObject({ kind: "other" });
    expect(time).toBeDefined();
    expect(time!.name).toBe("slack");
    expect(tool!.mentions.every((m) => m.surface === "Slack")).toBe(true);
    expect(time!.mentions.every((m) => m.surface === "slack")).toBe(true);
  });

  it("doesn't make a company a framework because a question asks what it thought", () => {
    const r = extract([
      [
        "Lessons from Zentrix",
        [
          "Did Zentrix think about the rollout? In the end Zentrix shipped anyway, and then Zentrix hired fast.",
          "Why does Zentrix keep reorganising? Each year Zentrix grew and Zentrix split.",
          "What was Zentrix thinking? By March Zentrix had no plan.",
        ],
      ],
      [
        "Zentrix again",
        ["This time Zentrix missed the quarter. Then Zentrix cut the roadmap, and Zentrix apologised."],
      ],
      [
        "Doing Scrum",
        [
          "We tried Scrum. Doing Scrum well is hard; a Scrum coach helps. Scrum sprints are short.",
          "Adopting Scrum took a year, and Scrum practice changed us.",
        ],
      ],
      ["Scrum again", ["Teams practising Scrum need a Scrum master. Learning Scrum takes time."]],
    ]);
    const company = r.concepts.find((c) => c.key === "zentrix");
    expect(company).toBeDefined();
    expect(company!.kind).not.toBe("framework");
    expect(r.concepts.find((c) => c.key === "scrum")).toMatchObject({ kind: "framework" });
  });

  it("names a company spoken of as a firm (its staff, its possessive, 'companies like X') as a name, not a term; a practice stays a framework", () => {
    const r = extract([
      [
        "What Brightwell taught me",
        [
          "Brightwell's planning offsite ran for a week. Two Brightwell engineers told me about internal Brightwell politics.",
          "Big tech companies like Brightwell hire fast. Brightwell has a roadmap for everything.",
        ],
      ],
      ["Brightwell again", ["Most companies (not just Brightwell) copy Brightwell's rituals. Brightwell grew."]],
      [
        "Doing Kanban",
        [
          "We tried Kanban. Doing Kanban well is hard; a Kanban coach helps. Kanban boards are visible.",
          "Adopting Kanban took a year, and Kanban practice changed us.",
        ],
      ],
      ["Kanban again", ["Teams practising Kanban limit work. Learning Kanban takes time."]],
    ]);
    expect(r.concepts.find((c) => c.key === "brightwell")).toMatchObject({ kind: "other" });
    expect(r.concepts.find((c) => c.key === "kanban")).toMatchObject({ kind: "framework" });
  });

  it("doesn't make a phrase of English words a tool because the writer uses it ('use Flow Debt')", () => {
    const r = extract([
      [
        "Flow Debt",
        [
          "Use Flow Debt to see waiting work. Teams using Flow Debt spot queues early.",
          "We used Flow Debt on the roadmap, and Flow Debt grew when we started too much.",
        ],
      ],
      ["Flow Debt again", ["Use Flow Debt weekly. Using Flow Debt, the team found its queues."]],
    ]);
    const practice = r.concepts.find((c) => c.key === "flow debt");
    expect(practice).toBeDefined();
    expect(practice!.kind).not.toBe("other");
  });

  it("never makes a person the writer cites, or a role, a concept", () => {
    expect(result.concepts.map((c) => c.name)).not.toContain("Annie Dunham");
    expect(byKey("ceo")).toBeUndefined();
    expect(byKey("stakeholder")).toBeUndefined();
  });

  it("makes a name one issue returns to a concept of that issue, though no other issue uses it", () => {
    const shadow = byKey("shadow roadmap");
    expect(shadow).toBeDefined();
    expect(shadow!.issues.map((r) => r.issueId)).toEqual([7]);
    expect(rankIssueConcepts(result, 7).map((c) => c.key)).toContain("shadow roadmap");
  });
});

describe("variants of one idea", () => {
  const result = extract([
    [
      "Measuring",
      [
        "There is measuring to learn vs. measuring to conform, and we slip into the second.",
        "Measuring to learn asks what we don't know.",
      ],
    ],
    [
      "Metrics again",
      [
        "Try to tell measuring to learn vs. measuring to control apart.",
        "Our north star metric and the North Star Framework came up.",
      ],
    ],
    [
      "Flow",
      [
        "Keep the WIP low. Too much work-in-progress hides problems; limit the work-in-progress.",
        "Our WIP limits help, and the north star helps too.",
      ],
    ],
    [
      "Flow again",
      ["Too much work-in-progress again. Our WIP is a choice.", "The North Star Framework names one north star."],
    ],
  ]);
  const find = (key: string) => result.concepts.find((c) => c.memberKeys.includes(key));

  it("keeps a tension whole, without the sentence's verb, and makes its variants one", () => {
    const t = find("measuring to conform vs measuring to learn");
    expect(t).toBeDefined();
    expect(t!.memberKeys).toContain("measuring to control vs measuring to learn");
    expect(result.concepts.some((c) => /differentiate|tell/.test(c.key))).toBe(false);
  });

  it("makes a name with a word for its kind one with the name (North Star Framework, north star)", () => {
    expect(find("north star framework")?.memberKeys).toContain("north star");
  });

  it("joins an acronym never spelled out to the one phrase it abbreviates that its issues use (WIP)", () => {
    expect(find("wip")?.memberKeys).toContain("work in progress");
  });
});
