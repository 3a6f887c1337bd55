/** A real SMTP server on loopback for tests that follow emails (password reset), with the messages it received. */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string; subject: string; text: string };

export type TestSmtp = { url: string; port: number; inbox: ReceivedMail[]; close(): Promise<void> };

/** Listens on 127.0.0.1 (`port` 0: any free port) until closed. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      // Decoded as a mail client would (multipart, quoted-printable, encoded headers): a link that
      // the encoding wraps at 76 columns comes out whole.
      simpleParser(stream).then(
        (mail) => {
          inbox.push({
            to: session.envelope.rcptTo[0]?.address ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          callback();
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const found = new RegExp(`${escaped}\\S+`).exec(mail.text)?.[0];
  if (!found) throw new Error(`no ${prefix} link in "${mail.subject}"`);
  return found;
}
