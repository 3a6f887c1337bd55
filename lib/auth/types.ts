/**
 * Who a user is to the rest of the app. A leaf module: the annotation and admin code that takes a
 * user imports it without importing the session machinery (which imports them back).
 */

export type Role = "reader" | "author";

export type CurrentUser = { id: string; name: string; email: string | null; role: Role };
