/** The body of POST /api/revalidate, shared by its handler and the OpenAPI document. */
import { z } from "zod";

export const revalidateBodySchema = z.object({
  tags: z.array(z.string().min(1).max(256)).min(1).max(1000),
});
