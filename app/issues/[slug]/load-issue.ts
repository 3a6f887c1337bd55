import { cache } from "react";
import { getCachedIssue } from "@/lib/cache/reads";

/** The issue by slug, read once per request: the page and its metadata share it. */
export const loadIssue = cache(getCachedIssue);
