// Next.js calls register() once when a server process starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The built-in search index is read into memory on first use; do it now, so no reader waits for it.
  const { warmSearchIndex } = await import("@/lib/search");
  void warmSearchIndex();
}
