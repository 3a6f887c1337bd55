/**
 * The browser's calls to the annotations API: JSON in and out, and an Error
 * whose message the page can show as it is (the API's own reason when it gave one).
 */

export async function callAnnotationApi<T>(url: string, init: { method: string; body?: unknown }): Promise<T | null> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  } catch {
    throw new Error("The server couldn't be reached. Check your connection and try again.");
  }
  if (res.status === 204) return null;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (data as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(
      res.status === 401
        ? "Your session has ended. Sign in again to save annotations."
        : (message ?? "That didn't work. Try again."),
    );
  }
  return data as T;
}

export function parseTags(value: string): string[] {
  return value
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}

const shortDate = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

/** "Dec 1, 2026": when a note or reply was written (UTC, like every date on the site). */
export function formatWrittenDate(iso: string): string {
  return shortDate.format(new Date(iso));
}
