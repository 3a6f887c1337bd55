/** The search parameters as the API and the /search page accept them. */
import { z } from "zod";
import { MAX_LIMIT, MAX_QUERY_LENGTH, UNDATED } from "./engine";

// An empty parameter (`year=`) means "not given", as forms send it.
const blankAsMissing = (v: unknown) => (v === "" ? undefined : v);

export const searchParamsSchema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`).default(""),
  kind: z.preprocess(blankAsMissing, z.enum(["all", "issue", "concept"]).default("all")),
  year: z.preprocess(
    blankAsMissing,
    z.union([z.literal(UNDATED), z.coerce.number().int().min(1000).max(9999)]).optional(),
  ),
  concept: z.preprocess(blankAsMissing, z.string().max(200).optional()),
  limit: z.preprocess(blankAsMissing, z.coerce.number().int().min(1).max(MAX_LIMIT).default(10)),
  offset: z.preprocess(blankAsMissing, z.coerce.number().int().min(0).max(10_000).default(0)),
});
