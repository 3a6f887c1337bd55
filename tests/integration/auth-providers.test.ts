import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { GET as authRoute } from "@/app/api/auth/[...nextauth]/route";
import { getSignInOptions } from "@/lib/auth";
import { resetEnvCache } from "@/lib/env";
import { useTestAuthSecret } from "../helpers/auth";
import { useTestDatabase } from "../helpers/db";

useTestDatabase();
useTestAuthSecret();

const optional = ["AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET", "SMTP_URL", "EMAIL_FROM"] as const;

function setEnv(values: Partial<Record<(typeof optional)[number], string>>) {
  for (const key of optional) delete process.env[key];
  Object.assign(process.env, values);
  resetEnvCache();
}

async function providers(): Promise<string[]> {
  const res = await authRoute(new NextRequest("http://localhost/api/auth/providers"));
  expect(res.status).toBe(200);
  return Object.keys(await res.json()).sort();
}

afterEach(() => setEnv({}));

describe("sign-in methods follow the configuration", () => {
  it("offers only email + password out of the box", async () => {
    setEnv({});
    expect(getSignInOptions()).toEqual({ github: false, emailLink: false });
    expect(await providers()).toEqual(["credentials"]);
  });

  it("adds GitHub when both of its settings are present", async () => {
    setEnv({ AUTH_GITHUB_ID: "id-only" });
    expect(await providers()).toEqual(["credentials"]);
    setEnv({ AUTH_GITHUB_ID: "an-id", AUTH_GITHUB_SECRET: "a-secret" });
    expect(await providers()).toEqual(["credentials", "github"]);
  });

  it("adds email links when an SMTP server is configured", async () => {
    setEnv({ SMTP_URL: "smtp://user:pass@mail.example.org:587", EMAIL_FROM: "Concordance <hello@example.org>" });
    expect(getSignInOptions()).toEqual({ github: false, emailLink: true });
    expect(await providers()).toEqual(["credentials", "nodemailer"]);
  });
});
