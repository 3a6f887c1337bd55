// Next.js calls register() once when a server process starts.
export async function register(): Promise<void> {
  // The built-in search index is read into memory on first use; do it now, so no reader waits for it.
  // (The condition is replaced at build time, keeping the import out of the edge bundle.)
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { warmSearchIndex } = await import("@/lib/search");
    void warmSearchIndex();
  }
}
