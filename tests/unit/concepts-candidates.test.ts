import { describe, expect, it } from "vitest";
import type { Block } from "@/db/schema";
import { extractIssueCandidates } from "@/lib/concepts/candidates";
import type { CandidateSource } from "@/lib/concepts/types";

// Small issues written for these tests; block ids are arbitrary but stable.
function issue(title: string, blocks: [Block["kind"], string][], bold: Record<number, string> = {}) {
  let offset = 0;
  const bs: Block[] = blocks.map(([kind, text], i) => {
    const b = { id: `b-${i}`, kind, text, start: offset, end: offset + text.length };
    offset += text.length + 2;
    return b;
  });
  const html = bs
    .map((b, i) => {
      const tag = b.kind === "quote" ? "blockquote" : b.kind;
      const lead = bold[i];
      return lead
        ? `<${tag} id="${b.id}"><strong>${lead}</strong>${b.text.slice(lead.length)}</${tag}>`
        : `<${tag} id="${b.id}">${b.text}</${tag}>`;
    })
    .join("\n");
  return { title, blocks: bs, html };
}

function marked(source: CandidateSource, c: ReturnType<typeof extractIssueCandidates>): string[] {
  return c.marked.filter((m) => m.source === source).map((m) => m.key);
}

describe("candidate sources", () => {
  it("headings that are names, not headings that are sentences", () => {
    const c = extractIssueCandidates(
      issue("Notes", [
        ["h2", "The Decision Log"],
        ["p", "Keep one."],
        ["h2", "Why we keep writing things down"],
        ["h3", "Opportunity Solution Trees"],
      ]),
    );
    const keys = marked("heading", c);
    expect(keys).toContain("decision log");
    expect(keys).toContain("opportunity solution tree");
    expect(keys.some((k) => k.includes("writing"))).toBe(false);
  });

  it("bold lead-ins, including lists of names and Markdown emphasis left in the text", () => {
    const c = extractIssueCandidates(
      issue(
        "Trends",
        [
          ["li", "Continuous delivery. Teams ship in small batches."],
          ["li", "Lean Startup and LeanUX. A focus on validated learning."],
          ["li", "**Psychological safety. **People speak up."],
          ["p", "This is worth a longer conversation with everyone involved. More later."],
        ],
        {
          0: "Continuous delivery.",
          1: "Lean Startup and LeanUX",
          3: "This is worth a longer conversation with everyone involved.",
        },
      ),
    );
    const keys = marked("bold", c);
    expect(keys).toEqual(
      expect.arrayContaining(["continuous delivery", "lean startup", "leanux", "psychological safety"]),
    );
    expect(keys).not.toContain("lean startup and leanux");
    expect(keys.some((k) => k.includes("conversation"))).toBe(false);
  });

  it("tensions written with vs., versus, a bar, or as a short either-or question", () => {
    const c = extractIssueCandidates(
      issue("Output vs. Outcomes", [
        ["p", "We keep arguing about speed vs. quality, and about strategy versus execution."],
        ["h2", "Build | Buy"],
        ["p", "Projects or products? That is the question every planning season."],
        ["p", "Would you like tea or coffee or something else entirely, or maybe nothing at all today?"],
      ]),
    );
    const keys = marked("tension", c);
    expect(keys).toEqual(
      expect.arrayContaining([
        "outcome vs output",
        "quality vs speed",
        "execution vs strategy",
        "build vs buy",
        "product vs project",
      ]),
    );
    expect(keys.some((k) => k.includes("tea") || k.includes("coffee"))).toBe(false);
  });

  it("named frameworks and models: X framework / model / loop / canvas / map / matrix / principle", () => {
    const c = extractIssueCandidates(
      issue("Models", [
        ["p", "The Kano model and a simple feedback loop help; so does a business model canvas."],
        ["p", "We drew an opportunity map, then a risk matrix, following the Pareto principle."],
        ["p", "This model is new."],
      ]),
    );
    const keys = marked("framework", c);
    expect(keys).toEqual(
      expect.arrayContaining([
        "kano model",
        "feedback loop",
        "business model canvas",
        "opportunity map",
        "risk matrix",
        "pareto principle",
      ]),
    );
    expect(keys).not.toContain("model");
  });

  it("capitalised multi-word terms in running text, skipping people and sentence openings", () => {
    const c = extractIssueCandidates(
      issue("Reading", [
        ["p", "We tried the Theory of Constraints and then Jobs to Be Done with the team."],
        ["p", "Donella Meadows wrote about it. Jim Collins's Flywheel Effect came later."],
        ["p", "Today we rest."],
      ]),
    );
    const keys = marked("capitalised", c);
    expect(keys).toEqual(expect.arrayContaining(["theory of constraint", "job to be done", "flywheel effect"]));
    expect(keys).not.toContain("donella meadow");
    expect(keys.some((k) => k.startsWith("jim"))).toBe(false);
  });

  it("quoted coinages, not quoted sentences", () => {
    const c = extractIssueCandidates(
      issue("Words", [
        ["p", "We called it “success theater” and “outcomes over features”. She said “we should just ship it now.”"],
      ]),
    );
    const keys = marked("quoted", c);
    expect(keys).toEqual(expect.arrayContaining(["success theater", "outcome over feature"]));
    expect(keys.some((k) => k.includes("ship"))).toBe(false);
  });

  it("acronyms with their expansions, either way round", () => {
    const c = extractIssueCandidates(
      issue("Acronyms", [
        ["p", "We set Objectives and Key Results (OKRs) each quarter."],
        ["p", "Ship an MVP (minimum viable product) first, then measure the customer lifetime value (CLV)."],
        ["p", "THIS IS LOUD (really)."],
      ]),
    );
    expect(c.acronyms.map((a) => [a.acronym, a.expansion.toLowerCase()])).toEqual(
      expect.arrayContaining([
        ["OKRs", "objectives and key results"],
        ["MVP", "minimum viable product"],
        ["CLV", "customer lifetime value"],
      ]),
    );
    expect(c.acronyms.some((a) => a.acronym === "LOUD")).toBe(false);
  });

  it("noun phrases with counts, and how often they are capitalised in mid-sentence", () => {
    const c = extractIssueCandidates(
      issue("Phrases", [
        ["p", "Technical debt grows. We pay technical debt down slowly, and the debt returns."],
        ["p", "We use Kanban daily. Our Kanban board is physical."],
      ]),
    );
    const byKey = new Map(c.phrases.map((p) => [p.key, p]));
    expect(byKey.get("technical debt")?.n).toBe(2);
    expect(byKey.get("debt")?.n).toBe(3);
    expect(byKey.get("kanban")?.caps).toBeGreaterThanOrEqual(1);
    expect(c.tokenCount).toBeGreaterThan(15);
    expect(c.words.debt).toBe(3);
  });

  it("names introduced as such: “the concept of X”, “what we call X”, “aka X”", () => {
    const c = extractIssueCandidates(
      issue("Cues", [
        ["p", "In Lean you have the concept of a stop-the-line culture. Some teams play what we call Team Tetris."],
        ["p", "The idea of shipping every day appeals."],
      ]),
    );
    const keys = marked("cued", c);
    expect(keys).toEqual(expect.arrayContaining(["stop the line culture", "team tetris"]));
    expect(keys.some((k) => k.includes("shipping") || k.includes("day"))).toBe(false);
  });

  it("slogan titles whose pieces the body repeats, and the title's noun phrases", () => {
    const c = extractIssueCandidates(
      issue("Think Big, Work Small", [
        ["p", "Teams that think big and work small do well. To think big, you need a picture of the whole."],
        ["p", "Then work small: ship a slice, learn, and think big again."],
      ]),
    );
    expect([...marked("title", c), ...marked("slogan", c)]).toEqual(
      expect.arrayContaining(["think big", "work small", "think big work small"]),
    );
    const titled = extractIssueCandidates(issue("Real Teams (Not Groups of One-Person Teams)", [["p", "Teams."]]));
    expect(marked("title", titled)).toEqual(expect.arrayContaining(["real team", "one person team"]));
    const tips = extractIssueCandidates(issue("Backlog/Roadmap Hygiene Tips", [["p", "Keep it tidy."]]));
    expect(marked("title", tips)).toContain("roadmap hygiene");
    expect(marked("title", tips)).not.toContain("roadmap hygiene tip");
  });

  it("a title's mottos and the phrases of it the body repeats, whatever their grammar", () => {
    const slogans = (title: string, ...paragraphs: string[]) =>
      marked(
        "slogan",
        extractIssueCandidates(
          issue(
            title,
            paragraphs.map((p) => ["p", p] as [Block["kind"], string]),
          ),
        ),
      );
    expect(
      slogans(
        "Teach by Starting Together",
        "We tried starting together on the next bet.",
        "Starting together takes a day.",
      ),
    ).toContain("starting together");
    expect(slogans("1s and 3s", "I use a basic system of 1s and 3s for planning.")).toContain("1s and 3s");
    expect(
      slogans("Mapping Beliefs (and Agreeing to Disagree)", "Sometimes we need to agree to disagree, and move on."),
    ).toContain("agreeing to disagree");
    expect(
      slogans(
        "Experiment With Not On",
        "Nobody likes being experimented on.",
        "Invite people into the experiment.",
        "An experiment needs a why.",
      ),
    ).toContain("experiment with not on");
    expect(
      slogans(
        "Shipping Faster Than You Learn (or…)",
        "Are you shipping faster than you learn?",
        "Teams shipping faster than you learn lose.",
      ),
    ).toContain("shipping faster than you learn");
    // A question or a sentence is no motto, even when the body echoes it.
    expect(slogans("Why Can't This Be Like...", "Why can't this be like the old tool?")).toEqual([]);
    expect(
      slogans(
        "What Is Your Team Stubborn About?",
        "Every team is stubborn about something.",
        "Stubborn about quality, say.",
      ),
    ).toEqual([]);
  });

  it("headings keep their name, not their numbering or a generic opening word", () => {
    const c = extractIssueCandidates(
      issue("Notes", [
        ["h3", "1. Soul Sappers"],
        ["p", "They sap the soul."],
        ["h3", "Multiple Touch-Points"],
        ["p", "Phones and tablets."],
      ]),
    );
    const keys = marked("heading", c);
    expect(keys).toEqual(expect.arrayContaining(["soul sapper", "touch point"]));
    expect(keys.some((k) => /^(1|multiple)\b/.test(k))).toBe(false);
  });

  it("two modifiers of one head make a tension between the modifiers", () => {
    const c = extractIssueCandidates(
      issue("Acute vs. Chronic Product Issues", [["p", "Most teams only look at one kind."]]),
    );
    expect(marked("tension", c)).toContain("acute vs chronic");
  });

  it("reads A/B, hashtags, and an unknown plural as the words a reader sees", () => {
    const c = extractIssueCandidates(
      issue("Words", [
        ["p", "We ran A/B tests. Then the #NoEstimates debate started, and #NoEstimates won."],
        ["p", "We do postmortems for outages, and postmortems help."],
      ]),
    );
    const keys = new Set(c.phrases.map((p) => p.key));
    expect(keys.has("ab test")).toBe(true);
    expect(keys.has("noestimate")).toBe(true);
    expect(keys.has("postmortem")).toBe(true);
  });

  it("is deterministic", () => {
    const input = issue("Same", [["p", "Speed vs. quality is a false tension; the Kano model says so."]]);
    expect(extractIssueCandidates(input)).toEqual(extractIssueCandidates(input));
  });
});
