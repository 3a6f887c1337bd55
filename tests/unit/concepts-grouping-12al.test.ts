/**
 * Grouping (12al): one verb phrase written two ways — a leading gerund and its verb's base form, with
 * an acronym inside spelled out or not — is one concept. The keys and phrases are written for these tests.
 */
import { describe, expect, it } from "vitest";
import { groupVariants } from "@/lib/concepts/grouping";
import { groupingCorpus as corpus, groupOf } from "../helpers/grouping-corpus";

describe("one verb phrase written two ways (12al)", () => {
  it("joins a leading gerund with its verb's base form", () => {
    const { counts, proposals } = corpus([
      ["pruning stale tickets", { "pruning stale tickets": 3 }, [1, 2]],
      ["prune stale tickets", { "prune stale tickets": 2 }, [3]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "pruning stale tickets")).toEqual(["prune stale tickets", "pruning stale tickets"]);
  });

  it("joins them when one writes an acronym the corpus defines and the other spells it out", () => {
    const { counts, proposals } = corpus([
      ["zqd", { ZQD: 4 }, [1, 2]],
      ["zonal queue drift", { "zonal queue drift": 5 }, [1]],
      ["throttling zqd", { "throttling ZQD": 3 }, [2, 3]],
      ["throttle zonal queue drift", { "throttle zonal queue drift": 2 }, [4]],
    ]);
    const votes = new Map([["zqd", new Map([["zonal queue drift", 1]])]]);
    const groups = groupVariants(counts, proposals, votes);
    expect(groupOf(groups, "throttling zqd")).toEqual(["throttle zonal queue drift", "throttling zqd"]);
  });

  it("reads only a leading gerund: a noun after its gerund ('queue sizing', 'queue size') stays apart", () => {
    const { counts, proposals } = corpus([
      ["queue sizing", { "queue sizing": 3 }, [1, 2]],
      ["queue size", { "queue size": 2 }, [3]],
    ]);
    const groups = groupVariants(counts, proposals, new Map());
    expect(groupOf(groups, "queue sizing")).toEqual(["queue sizing"]);
  });
});
