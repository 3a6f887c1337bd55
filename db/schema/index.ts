export * from "./issues";
export * from "./auth";
export * from "./concepts";
export * from "./annotations";
export * from "./ingest-runs";
export * from "./search";
