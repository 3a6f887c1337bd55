/** The shapes an issue takes on its way through the ingest pipeline. */
import type { Block, DatePrecision } from "@/db/schema";
import type { Removal } from "./clean";

/** One input the author named, read into memory. */
export type SourceFile = {
  /** Path as given (or the URL of a fetched feed). */
  path: string;
  bytes: Buffer;
};

/** What a format parser recovers from a source: raw, unsanitized HTML plus metadata. */
export type ParsedIssue = {
  sourcePath: string;
  /** Position within a multi-issue source (book, feed, export), for messages. */
  sourceLabel?: string;
  title: string;
  subtitle?: string;
  number?: number;
  series?: string;
  publishedAt?: Date;
  /** How much of `publishedAt` the source gives ("2020" is a year); a full date when unset. */
  datePrecision?: DatePrecision;
  /**
   * A date the whole source implies for issues that carry none of their own (a book titled
   * "… 2020", a feed named for its year): used unless the author names one (`--date`, `--year`).
   */
  sourceDate?: { date: Date; precision: DatePrecision };
  slug?: string;
  sourceUrl?: string;
  html: string;
  /** What the parser's repairs removed from the source before sanitizing (for `--verbose`). */
  removed?: Removal[];
  /** Set when a multi-issue source names an issue it can't deliver (e.g. a missing file in an export). */
  failure?: string;
  /** Images it points to that were not found beside the source (set by images.ts). */
  missingImages?: string[];
};

/** The canonical document stored for an issue. */
export type NormalisedIssue = {
  slug: string;
  /**
   * The slug with the issue number, for a slug derived from a numbered title
   * ("Field Signals #88" → `field-signals-88`): taken only when `slug` already
   * belongs to another issue, so that no stored slug ever changes. Not stored.
   */
  numberedSlug: string | null;
  /**
   * An item of a multi-issue source (export, book, feed) rather than a file of its own:
   * its slug is the platform's and identifies it wherever the export is saved next time,
   * while a file's slug identifies a URL-less issue only from that file. Not stored.
   */
  fromCollection: boolean;
  number: number | null;
  series: string | null;
  title: string;
  subtitle: string | null;
  publishedAt: Date | null;
  datePrecision: DatePrecision;
  sourceUrl: string | null;
  sourcePath: string;
  html: string;
  text: string;
  blocks: Block[];
  contentHash: string;
};

export type IngestStatus = "new" | "updated" | "unchanged" | "failed";

export type IngestOutcome = {
  status: IngestStatus;
  /** File (and position inside it) the outcome is about. */
  source: string;
  slug?: string;
  title?: string;
  revision?: number;
  issueId?: number;
  error?: string;
  /** What cleaning removed (boilerplate, tracking links, HTML fragments), for `--verbose`. */
  removed?: Removal[];
  /** The stored issue was withdrawn by the author: left as it is (restore it to ingest it again). */
  withdrawn?: boolean;
  /** Images the issue points to that could not be found beside its source (relative paths as written). */
  missingImages?: string[];
  /** Metadata the issue was stored without (an unsafe source url), always reported. */
  warnings?: string[];
};

/** The formats `--format` can force (lib/ingest/parse detects one otherwise). */
export const INPUT_FORMATS = ["markdown", "html", "book", "post", "feed", "substack"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
