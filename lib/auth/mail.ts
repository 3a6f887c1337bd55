/**
 * Email the app sends itself (sign-up confirmations), through the same SMTP
 * server as Auth.js's sign-in links. Absent when SMTP_URL isn't set.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/env";

type Mail = { to: string; subject: string; text: string };
export type Mailer = { send(mail: Mail): Promise<void> };

let cached: { url: string; transport: Transporter } | undefined;

function defaultSender(): string {
  return getEnv().EMAIL_FROM ?? "Concordance <no-reply@localhost>";
}

/** The configured mailer, or null when this deployment sends no email. */
export function getMailer(): Mailer | null {
  const url = getEnv().SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  const { transport } = cached;
  return {
    async send(mail) {
      await transport.sendMail({ from: defaultSender(), ...mail });
    },
  };
}
