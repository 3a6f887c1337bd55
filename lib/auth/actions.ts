"use server";
/**
 * Server actions behind the sign-in and sign-up forms. Next.js checks that a
 * server action's Origin matches its host, which protects these from cross-site
 * posts; each validates its form with zod and returns `{ message, fields }`
 * for the form to show instead of throwing.
 */
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { getDb } from "@/db";
import { createPasswordUser, credentialsSchema, signUpSchema } from "./credentials";
import { signIn, signOut } from "./index";

export type AuthFormState = { message?: string; fields?: Record<string, string> };

/** Only same-site paths: a crafted link must not send a fresh session elsewhere. */
function safeReturnPath(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

function fieldErrors(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join(" ");
}

export async function signInWithPassword(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const parsed = credentialsSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  const email = typeof form.get("email") === "string" ? String(form.get("email")) : "";
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields: { email } };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeReturnPath(form.get("callbackUrl")) });
    return {};
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === "throttled") {
      return {
        message: "Too many wrong passwords for this account. Sign-in is paused for up to 15 minutes; try again later.",
        fields: { email },
      };
    }
    if (err instanceof CredentialsSignin && err.code === "unavailable") {
      return { message: "Sign-in is unavailable right now: the database isn't answering. Try again in a moment.", fields: { email } };
    }
    if (err instanceof AuthError) return { message: "That email and password don't match an account.", fields: { email } };
    throw err; // includes the redirect that signals success
  }
}

export async function signUpWithPassword(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const raw = { name: form.get("name"), email: form.get("email"), password: form.get("password") };
  const fields = { name: typeof raw.name === "string" ? raw.name : "", email: typeof raw.email === "string" ? raw.email : "" };
  const parsed = signUpSchema.safeParse(raw);
  if (!parsed.success) return { message: fieldErrors(parsed.error), fields };
  const created = await createPasswordUser(getDb(), parsed.data);
  if (!created.ok) {
    return { message: "An account with this email already exists. Sign in instead.", fields };
  }
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeReturnPath(form.get("callbackUrl")),
    });
    return {};
  } catch (err) {
    if (err instanceof AuthError) return { message: "Your account was created, but signing in failed. Try signing in.", fields };
    throw err;
  }
}

export async function signInWithGitHub(form: FormData): Promise<void> {
  await signIn("github", { redirectTo: safeReturnPath(form.get("callbackUrl")) });
}

export async function signInWithEmailLink(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const parsed = z.object({ email: credentialsSchema.shape.email }).safeParse({ email: form.get("email") });
  if (!parsed.success) return { message: fieldErrors(parsed.error) };
  try {
    await signIn("nodemailer", { email: parsed.data.email, redirectTo: safeReturnPath(form.get("callbackUrl")) });
    return {};
  } catch (err) {
    if (err instanceof AuthError) return { message: "We couldn't send the sign-in email. Try again, or use your password." };
    throw err;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
