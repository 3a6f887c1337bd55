export * from "./issues";
export * from "./auth";
