"use server";
/**
 * Server actions behind the sign-in and sign-up forms. Next.js checks that a
 * server action's Origin matches its host, which protects these from cross-site
 * posts; each validates its form with zod and returns `{ message, fields }`
 * for the form to show instead of throwing.
 */
import { AuthError, CredentialsSignin } from "next-auth";
import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { z } from "zod";
import { getDb } from "@/db";
import { findCause } from "@/lib/api/errors";
import { getEnv } from "@/lib/env";
import { deleteAccount, endAllSessions, hasPassword, updateDisplayName } from "./accounts";
import {
  BUSY_MESSAGE,
  BusyError,
  changePassword,
  credentialsSchema,
  displayNameSchema,
  findPasswordProblem,
  signUpSchema,
  throttledMessage,
  verifyCredentials,
  type ThrottleLimit,
} from "./credentials";
import { clientAddress } from "./client-address";
import { signIn, signOut } from "./index";
import { getMailer } from "./mail";
import { safeReturnPath } from "./return-path";
import { getCurrentUser } from "./session";
import { formatWait } from "@/lib/api/rate-limit";
import { requestPasswordReset, resetMessages, resetPassword } from "./password-reset";
import { MailLimitError, confirmMessages, signUp } from "./signup";
import { forwardedHttps } from "@/lib/forwarded";

/** `done`: the form did what it was for and says so in `message` (not an error). */
export type AuthFormState = { message?: string; fields?: Record<string, string>; done?: boolean };

function text(form: FormData, key: string): string {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
}

function fieldErrors(error: z.ZodError): string {
  return [...new Set(error.issues.map((i) => i.message))].join(" ");
}

/** What a refused password sign-in tells the reader (the codes come from lib/auth/index.ts). */
function signInRefusal(err: unknown): string | null {
  if (!(err instanceof CredentialsSignin)) return null;
  const [kind, limit, seconds] = err.code.split(":");
  if (kind === "throttled") return throttledMessage(limit as ThrottleLimit, Number(seconds) || 1);
  if (kind === "busy") return BUSY_MESSAGE;
  if (kind === "unavailable")
    return "Sign-in is unavailable right now: the database isn't answering. Try again in a moment.";
  if (kind === "confirm") return confirmMessages[limit as keyof typeof confirmMessages] ?? confirmMessages.invalid;
  return null;
}

/** This site's origin for links in emails: AUTH_URL when configured (see the README), else the address the request came to. */
async function siteOrigin(): Promise<string> {
  const configured = getEnv().AUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const proto = forwardedHttps(h.get("x-forwarded-proto")) ? "https" : "http";
  return `${proto}://${h.get("host") ?? "localhost"}`;
}

export async function signInWithPassword(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = text(form, "email");
  const parsed = credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields: { email } };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeReturnPath(form.get("callbackUrl")) });
    return {};
  } catch (err) {
    const refusal = signInRefusal(err);
    if (refusal) return { message: refusal, fields: { email } };
    if (err instanceof AuthError)
      return { message: "That email and password don't match an account.", fields: { email } };
    throw err; // includes the redirect that signals success
  }
}

export async function signUpWithPassword(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const fields = { name: text(form, "name"), email: text(form, "email") };
  const parsed = signUpSchema.safeParse({
    name: form.get("name"),
    email: form.get("email"),
    password: form.get("password"),
  });
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields };
  const outcome = await signUp(getDb(), parsed.data, {
    client: clientAddress(await headers()),
    origin: await siteOrigin(),
    mailer: getMailer(),
  });
  switch (outcome.kind) {
    case "check-email":
      return redirect("/signup/check-email");
    case "rate-limited":
      return { message: outcome.message, fields };
    case "busy":
      return { message: BUSY_MESSAGE, fields };
    case "exists":
      return { message: "We couldn't create an account with this email. If it's yours, sign in instead.", fields };
    case "signed-up":
      try {
        await signIn("credentials", {
          email: parsed.data.email,
          password: parsed.data.password,
          redirectTo: safeReturnPath(form.get("callbackUrl")),
        });
        return {};
      } catch (err) {
        const refusal = signInRefusal(err);
        if (refusal) return { message: `Your account is ready. ${refusal}`, fields };
        if (err instanceof AuthError)
          return { message: "Your account is ready, but signing in failed. Try signing in.", fields };
        throw err;
      }
  }
}

/** The button on the page an emailed confirmation link opens: creates the account and signs it in. */
export async function confirmSignUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  try {
    await signIn("credentials", { confirmToken: text(form, "token").slice(0, 200), redirectTo: "/" });
    return {};
  } catch (err) {
    const refusal = signInRefusal(err);
    if (refusal) return { message: refusal };
    if (err instanceof AuthError) return { message: confirmMessages.invalid };
    throw err;
  }
}

export async function signInWithGitHub(form: FormData): Promise<void> {
  await signIn("github", { redirectTo: safeReturnPath(form.get("callbackUrl")) });
}

export async function signInWithEmailLink(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const fields = { email: text(form, "email") };
  const parsed = z.object({ email: credentialsSchema.shape.email }).safeParse({ email: form.get("email") });
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields };
  try {
    await signIn("nodemailer", { email: parsed.data.email, redirectTo: safeReturnPath(form.get("callbackUrl")) });
    return {};
  } catch (err) {
    const limited = findCause(err, MailLimitError);
    if (limited) {
      return {
        message: `Several emails have gone to this address in the last hour. Use the newest link, or try again in ${formatWait(limited.retryAfterSeconds)}.`,
        fields,
      };
    }
    if (err instanceof AuthError)
      return { message: "We couldn't send the sign-in email. Try again, or use your password.", fields };
    throw err;
  }
}

/** Ends this session for good (its token is refused from now on), then goes back to a page on this site. */
export async function signOutAction(form: FormData): Promise<void> {
  await signOut({ redirectTo: safeReturnPath(form.get("callbackUrl")) });
}

/**
 * A new password for the signed-in reader: the current one is checked (and
 * throttled like a sign-in), every session of the account ends, including
 * copies of this one, and this browser is signed in again with the new one.
 */
export async function changePasswordAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const user = await getCurrentUser();
  if (!user?.email) return { message: "Sign in again to change your password." };
  const schema = z.object({
    current: z.string().min(1, "Enter your current password.").max(1024),
    next: signUpSchema.shape.password,
  });
  const parsed = schema.safeParse({ current: form.get("current"), next: form.get("next") });
  if (!parsed.success) return { message: fieldErrors(parsed.error) };
  const weak = findPasswordProblem(parsed.data.next, [user.name, user.email]);
  if (weak) return { message: weak };
  const db = getDb();
  const checked = await verifyCredentials(db, {
    email: user.email,
    password: parsed.data.current,
    client: clientAddress(await headers()),
  });
  if (!checked.ok) {
    if (checked.reason === "throttled") return { message: throttledMessage(checked.limit, checked.retryAfterSeconds) };
    if (checked.reason === "busy") return { message: BUSY_MESSAGE };
    return { message: "That isn't your current password." };
  }
  try {
    await changePassword(db, user.id, parsed.data.next);
  } catch (err) {
    if (err instanceof BusyError) return { message: BUSY_MESSAGE };
    throw err;
  }
  await signIn("credentials", { email: user.email, password: parsed.data.next, redirectTo: "/me/account?changed=1" });
  return {};
}

/** Ends every session of the signed-in reader's account, on every device, then this one. */
export async function signOutEverywhereAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) await endAllSessions(getDb(), user.id);
  await signOut({ redirectTo: "/" });
}

/**
 * "Forgot password": the same answer for every address, given at once; the
 * lookup and the email happen after the response, so how long the answer takes
 * doesn't tell whether the address has an account either.
 */
export async function requestPasswordResetAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = text(form, "email");
  const parsed = z.object({ email: credentialsSchema.shape.email }).safeParse({ email: form.get("email") });
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields: { email } };
  const mailer = getMailer();
  if (!mailer)
    return {
      message: "This site can't send email, so passwords can't be reset by email. Ask the site's operator for help.",
      fields: { email },
    };
  const origin = await siteOrigin();
  after(async () => {
    try {
      await requestPasswordReset(getDb(), parsed.data.email, { origin, mailer });
    } catch (err) {
      // The address stays out of the log.
      console.error("password reset email failed:", err instanceof Error ? err.name : "error");
    }
  });
  return {
    done: true,
    message: `If an account uses ${parsed.data.email}, an email with a link to choose a new password is on its way. The link works once, for an hour.`,
  };
}

/** The form an emailed reset link opens: sets the new password, ends every session, and signs this browser in. */
export async function resetPasswordAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const token = text(form, "token").slice(0, 200);
  const parsed = z
    .object({ password: signUpSchema.shape.password.pipe(z.string().min(1, "Enter a new password.")) })
    .safeParse({ password: form.get("password") });
  if (!parsed.success) return { message: fieldErrors(parsed.error) };
  const result = await resetPassword(getDb(), token, parsed.data.password);
  if (!result.ok) {
    if (result.reason === "weak") return { message: result.message };
    if (result.reason === "busy") return { message: BUSY_MESSAGE };
    return { message: resetMessages[result.reason] };
  }
  try {
    await signIn("credentials", {
      email: result.email,
      password: parsed.data.password,
      redirectTo: "/me/account?changed=1",
    });
  } catch (err) {
    const refusal = signInRefusal(err);
    if (refusal) return { message: `Your password was changed. ${refusal}` };
    if (err instanceof AuthError)
      return { message: "Your password was changed, but signing in failed. Sign in with the new password." };
    throw err;
  }
  return {};
}

/** The name other readers see beside the signed-in reader's public notes (the same rules as at sign-up). */
export async function updateDisplayNameAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const user = await getCurrentUser();
  if (!user) return { message: "Sign in again to change your name." };
  const name = text(form, "name");
  const parsed = displayNameSchema.safeParse(name);
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields: { name } };
  await updateDisplayName(getDb(), user.id, parsed.data);
  revalidatePath("/", "layout");
  return { done: true, message: `Saved. Your public notes now show “${parsed.data}”.`, fields: { name: parsed.data } };
}

/** Session cookies Auth.js may have set (see lib/auth/session.ts). */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * Deletes the signed-in reader's account after they confirm it (their password,
 * or their email address for accounts without one), with their public notes
 * removed or kept without their name, as they chose.
 */
export async function deleteAccountAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const user = await getCurrentUser();
  if (!user) return { message: "Sign in again to delete your account." };
  const choice = form.get("publicNotes");
  if (choice !== "remove" && choice !== "anonymise") {
    return {
      message: "Choose what happens to your public annotations and replies: removed, or kept without your name.",
    };
  }
  const fields = { publicNotes: choice };
  const db = getDb();
  if (await hasPassword(db, user.id)) {
    const password = text(form, "password");
    if (!password) return { message: "Enter your password to confirm.", fields };
    const checked = await verifyCredentials(db, {
      email: user.email ?? "",
      password: password.slice(0, 1024),
      client: clientAddress(await headers()),
    });
    if (!checked.ok) {
      if (checked.reason === "throttled")
        return { message: throttledMessage(checked.limit, checked.retryAfterSeconds), fields };
      if (checked.reason === "busy") return { message: BUSY_MESSAGE, fields };
      return { message: "That isn't your password. Nothing was deleted.", fields };
    }
  } else {
    const expected = user.email ?? "delete my account";
    if (text(form, "confirmation").trim().toLowerCase() !== expected.toLowerCase()) {
      return {
        message: `Type ${user.email ? "your email address" : "“delete my account”"} to confirm. Nothing was deleted.`,
        fields,
      };
    }
  }
  await deleteAccount(db, user.id, choice);
  // The account is gone, so its session token is refused anyway; the cookie goes too.
  const jar = await cookies();
  for (const name of SESSION_COOKIES) if (jar.has(name)) jar.delete(name);
  redirect("/login?deleted=1");
}
