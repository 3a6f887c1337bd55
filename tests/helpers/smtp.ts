/** A real SMTP server on loopback for tests that follow emails (password reset), with the messages it received. */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string; subject: string; text: string };

/** The text of a simple (quoted-printable or 7bit) message as nodemailer sends it. */
function parseMail(raw: string, to: string): ReceivedMail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*)$/im.exec(head!)?.[1] ?? "";
  let text = rest.join("\n\n");
  if (/quoted-printable/i.test(head!))
    text = text
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { to, subject, text: Buffer.from(text, "latin1").toString("utf8") };
}

export type TestSmtp = { url: string; port: number; inbox: ReceivedMail[]; close(): Promise<void> };

/** Listens on 127.0.0.1 (`port` 0: any free port) until closed. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (d: Buffer) => (raw += d.toString("latin1")));
      stream.on("end", () => {
        inbox.push(parseMail(raw, session.envelope.rcptTo[0]?.address ?? ""));
        callback();
      });
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
