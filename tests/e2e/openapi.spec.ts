/**
 * The OpenAPI document at /api/openapi.json against the running app: every
 * route file under app/api is documented (and nothing else is), every
 * documented operation is called with real data (the sample issues, real
 * readers' sessions), and every answer — successes and errors alike — must be
 * a documented status whose body validates against the document's schema.
 * The schemas are closed, so renaming or adding a field fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIResponse } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { storageStatePath } from "./users";

type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; deprecated?: boolean; example?: unknown }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const METHODS = ["get", "post", "patch", "put", "delete"];

/** Each route file under app/api as a path template (`/api/issues/{slug}`), with the methods it exports. */
function routeFiles(): { file: string; template: string; catchAll: boolean; methods: string[] }[] {
  const out: { file: string; template: string; catchAll: boolean; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const segments = path.relative("app", path.dirname(full)).split(path.sep);
        const catchAll = segments.some((s) => s.startsWith("[..."));
        const template = `/${segments
          .filter((s) => !s.startsWith("[..."))
          .map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))
          .join("/")}`;
        const source = fs.readFileSync(full, "utf8");
        const methods = new Set<string>();
        for (const m of source.matchAll(
          /export\s+(?:const|async\s+function|function)\s+(GET|POST|PATCH|PUT|DELETE)\b/g,
        ))
          methods.add(m[1]!.toLowerCase());
        for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
          for (const name of m[1]!.split(","))
            if (/^\s*(GET|POST|PATCH|PUT|DELETE)\s*$/.test(name)) methods.add(name.trim().toLowerCase());
        out.push({ file: path.relative(".", full), template, catchAll, methods: [...methods].sort() });
      }
    }
  };
  walk(path.join("app", "api"));
  return out;
}

test.describe.configure({ mode: "serial" });

let doc: Document;
const ajv = new Ajv2020({ allErrors: true });
addFormats(ajv);
/** Operations that have answered with a documented 2xx during this run. */
const succeeded = new Set<string>();

/** Validators by `method template status type`, compiled from the served document. */
const validators = new Map<string, ReturnType<typeof ajv.compile>>();
const COMPONENTS = "https://concordance.test/components";

/**
 * `res` must have the `status` the call expects (a refusal is checked as a refusal, not as any documented answer),
 * be a documented answer of the operation, and its body valid against the schema for its content type.
 */
async function check(status: number, method: string, template: string, res: APIResponse): Promise<unknown> {
  const op = doc.paths[template]?.[method];
  expect(op, `${method.toUpperCase()} ${template} is documented`).toBeTruthy();
  const what = `${method.toUpperCase()} ${res.url()} → ${res.status()}`;
  expect(res.status(), `${what}: the expected status`).toBe(status);
  const documented = op!.responses[String(res.status())];
  expect(documented, `${what}: a documented status (${Object.keys(op!.responses).join(", ")})`).toBeTruthy();
  if (res.status() < 400) succeeded.add(op!.operationId);
  if (!documented!.content) {
    if (res.status() === 204) expect((await res.body()).length, `${what}: no body`).toBe(0);
    return null;
  }
  const type = (res.headers()["content-type"] ?? "").split(";")[0]!.trim();
  expect(
    documented!.content[type],
    `${what}: content type ${type} is documented (${Object.keys(documented!.content).join(", ")})`,
  ).toBeTruthy();
  const body: unknown = type.endsWith("json") ? await res.json() : await res.text();
  const validate = validators.get(`${method} ${template} ${res.status()} ${type}`)!;
  if (!validate(body))
    throw new Error(
      `${what}: the body doesn't match the document:\n${ajv.errorsText(validate.errors, { separator: "\n" })}\n${JSON.stringify(body).slice(0, 600)}`,
    );
  return body;
}

/** `body`, about to be sent, must be what the document says the operation takes. */
function expectDocumentedBody(method: string, template: string, body: unknown): unknown {
  const schema = doc.paths[template]?.[method]?.requestBody?.content["application/json"]?.schema;
  expect(schema, `${method.toUpperCase()} ${template} documents its JSON body`).toBeTruthy();
  const validate = ajv.compile(absoluteRefs(schema) as object);
  expect(validate(body), `${method.toUpperCase()} ${template}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return body;
}

/** The document's `#/components/schemas/X` references, pointed at the components registered on their own. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string"
          ? v.replace("#/components/schemas/", `${COMPONENTS}#/$defs/`)
          : absoluteRefs(v),
      ]),
    );
  }
  return value;
}

test.beforeAll(async ({ request }) => {
  const res = await request.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  doc = (await res.json()) as Document;
  expect(doc.openapi).toMatch(/^3\.1\./);
  ajv.addSchema({ $id: COMPONENTS, $defs: absoluteRefs(doc.components.schemas) as object });
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          validators.set(`${method} ${template} ${status} ${type}`, ajv.compile(absoluteRefs(media.schema) as object));
        }
      }
    }
  }
});

test("every route file under app/api is documented, with each method it exports, and nothing else is", () => {
  const files = routeFiles();
  expect(files.length).toBeGreaterThanOrEqual(12);
  const documented = Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.keys(ops)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m} ${template}`),
  );
  const covered = new Set<string>();
  for (const route of files) {
    expect(route.methods.length, `${route.file} exports a handler`).toBeGreaterThan(0);
    for (const method of route.methods) {
      const matches = documented.filter((d) =>
        route.catchAll ? d.startsWith(`${method} ${route.template}/`) : d === `${method} ${route.template}`,
      );
      expect(
        matches,
        `${method.toUpperCase()} ${route.template} (${route.file}) is in the OpenAPI document`,
      ).not.toEqual([]);
      for (const m of matches) covered.add(m);
    }
  }
  // And no documented operation without a handler behind it.
  expect(documented.filter((d) => !covered.has(d))).toEqual([]);
});

test("a renamed field would fail: the schemas are closed and their fields required", async ({ request }) => {
  const validate = validators.get("get /api/issues/{slug} 200 application/json")!;
  const issue = (await (await request.get("/api/issues/decision-log")).json()) as Record<string, unknown>;
  expect(validate(issue)).toBe(true);
  const { slug, ...rest } = issue;
  expect(validate({ ...rest, issueSlug: slug })).toBe(false);
  expect(validate({ ...issue, blocks: [{ ...(issue.blocks as object[])[0], kind: "paragraph" }] })).toBe(false);
});

test("the archive: issues, concepts and search, with every parameter", async ({ request }) => {
  await check(200, "get", "/api/openapi.json", await request.get("/api/openapi.json"));
  await check(200, "get", "/api/health", await request.get("/api/health"));

  for (const [template, base] of [
    ["/api/issues", "/api/issues"],
    ["/api/concepts", "/api/concepts"],
    ["/api/search", "/api/search?q=decision"],
  ] as const) {
    const list = (await check(200, "get", template, await request.get(base))) as {
      next: string | null;
      items?: unknown[];
      hits?: unknown[];
    };
    expect((list.items ?? list.hits ?? []).length, base).toBeGreaterThan(0);
    // Every documented query parameter, at its example value: each is accepted.
    const params = (doc.paths[template]!.get!.parameters ?? []).filter(
      (p) => p.in === "query" && !p.deprecated && p.example !== undefined,
    );
    const query = new URLSearchParams(params.map((p) => [p.name, String(p.example)]));
    const res = await request.get(`${template}?${query}`);
    expect(res.status(), `${template}?${query}`).toBe(200);
    await check(200, "get", template, res);
    // An undocumented one is refused with the documented error.
    const refused = await request.get(`${base}${base.includes("?") ? "&" : "?"}nonsense=1`);
    expect(refused.status()).toBe(400);
    await check(400, "get", template, refused);
  }

  // The deprecated names still answer, as documented.
  const old = await request.get("/api/issues?perPage=2&page=2");
  expect(old.status()).toBe(200);
  expect(await check(200, "get", "/api/issues", old)).toMatchObject({ limit: 2, offset: 2, page: 2, perPage: 2 });

  const issues = (await (await request.get("/api/issues?limit=100")).json()) as { items: { slug: string }[] };
  for (const { slug } of issues.items)
    await check(200, "get", "/api/issues/{slug}", await request.get(`/api/issues/${slug}`));
  await check(404, "get", "/api/issues/{slug}", await request.get("/api/issues/no-such-issue"));

  const concepts = (await (await request.get("/api/concepts?sort=frequency&limit=5")).json()) as {
    items: { slug: string }[];
  };
  expect(concepts.items.length).toBeGreaterThan(0);
  for (const { slug } of concepts.items)
    await check(200, "get", "/api/concepts/{slug}", await request.get(`/api/concepts/${slug}`));
  await check(404, "get", "/api/concepts/{slug}", await request.get("/api/concepts/no-such-concept"));
});

test("annotations and replies: every operation, signed in and out", async ({ baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const alice = await playwrightRequest.newContext({
    baseURL,
    storageState: storageStatePath("alice"),
    extraHTTPHeaders: { origin },
  });
  const bob = await playwrightRequest.newContext({
    baseURL,
    storageState: storageStatePath("bob"),
    extraHTTPHeaders: { origin },
  });
  const anonymous = await playwrightRequest.newContext({ baseURL });
  try {
    const issue = (await (await anonymous.get("/api/issues/decision-log")).json()) as { text: string };
    const word = /\b[A-Za-z]{7,}\b/.exec(issue.text.slice(200))!;
    const start = 200 + word.index;
    const created = await alice.post("/api/annotations", {
      data: expectDocumentedBody("post", "/api/annotations", {
        issue: "decision-log",
        start,
        end: start + word[0].length,
        exact: word[0],
        note: "Checked against **the document**.",
        tags: ["openapi"],
        visibility: "public",
      }),
    });
    expect(created.status()).toBe(201);
    const annotation = (await check(201, "post", "/api/annotations", created)) as { id: string };
    const id = annotation.id;

    await check(200, "get", "/api/annotations/{id}", await anonymous.get(`/api/annotations/${id}`));
    await check(
      200,
      "patch",
      "/api/annotations/{id}",
      await alice.patch(`/api/annotations/${id}`, {
        data: expectDocumentedBody("patch", "/api/annotations/{id}", { tags: ["openapi", "spec"] }),
      }),
    );
    await check(200, "get", "/api/annotations", await anonymous.get("/api/annotations?issue=decision-log"));
    await check(
      200,
      "get",
      "/api/annotations",
      await alice.get(
        "/api/annotations?mine=1&issue=decision-log&tag=openapi&q=document&status=anchored&format=json&limit=2&offset=0",
      ),
    );
    const params = (doc.paths["/api/annotations"]!.get!.parameters ?? []).filter((p) => p.example !== undefined);
    await check(
      200,
      "get",
      "/api/annotations",
      await alice.get(`/api/annotations?${new URLSearchParams(params.map((p) => [p.name, String(p.example)]))}`),
    );
    for (const format of ["jsonld", "markdown"])
      await check(200, "get", "/api/annotations", await alice.get(`/api/annotations?mine=1&format=${format}`));
    await check(401, "get", "/api/annotations", await anonymous.get("/api/annotations?mine=1"));

    const replied = await bob.post(`/api/annotations/${id}/replies`, {
      data: expectDocumentedBody("post", "/api/annotations/{id}/replies", { note: "And against the app." }),
    });
    expect(replied.status()).toBe(201);
    const reply = (await check(201, "post", "/api/annotations/{id}/replies", replied)) as { id: string };
    await check(
      200,
      "get",
      "/api/annotations/{id}/replies",
      await anonymous.get(`/api/annotations/${id}/replies?limit=1`),
    );
    await check(
      200,
      "get",
      "/api/annotations/{id}/replies/{replyId}",
      await anonymous.get(`/api/annotations/${id}/replies/${reply.id}`),
    );
    await check(
      200,
      "patch",
      "/api/annotations/{id}/replies/{replyId}",
      await bob.patch(`/api/annotations/${id}/replies/${reply.id}`, {
        data: expectDocumentedBody("patch", "/api/annotations/{id}/replies/{replyId}", {
          note: "And against the running app.",
        }),
      }),
    );
    await check(
      403,
      "patch",
      "/api/annotations/{id}/replies/{replyId}",
      await alice.patch(`/api/annotations/${id}/replies/${reply.id}`, { data: { note: "Not mine to change." } }),
    );
    await check(
      204,
      "delete",
      "/api/annotations/{id}/replies/{replyId}",
      await bob.delete(`/api/annotations/${id}/replies/${reply.id}`),
    );
    await check(403, "delete", "/api/annotations/{id}", await bob.delete(`/api/annotations/${id}`));
    await check(204, "delete", "/api/annotations/{id}", await alice.delete(`/api/annotations/${id}`));
    await check(404, "get", "/api/annotations/{id}", await anonymous.get(`/api/annotations/${id}`));
    // From this site but signed out: asked to sign in. (Without an Origin it is refused before that, as a cross-site write.)
    await check(
      401,
      "post",
      "/api/annotations",
      await anonymous.post("/api/annotations", { data: {}, headers: { origin } }),
    );
    await check(403, "post", "/api/annotations", await anonymous.post("/api/annotations", { data: {} }));
  } finally {
    await Promise.all([alice.dispose(), bob.dispose(), anonymous.dispose()]);
  }
});

test("operations and Auth.js's endpoints", async ({ request, baseURL }) => {
  await check(
    403,
    "post",
    "/api/revalidate",
    await request.post("/api/revalidate", {
      data: { tags: ["openapi-spec"] },
      headers: { authorization: "Bearer not-the-secret" },
    }),
  );
  // The app and the tools share the secret through the data directory (it exists by now: the check above reads it).
  const secret = fs.readFileSync(path.join(process.env.CONCORDANCE_E2E_DATA_DIR!, "revalidate-secret"), "utf8").trim();
  await check(
    200,
    "post",
    "/api/revalidate",
    await request.post("/api/revalidate", {
      data: { tags: ["openapi-spec"] },
      headers: { authorization: `Bearer ${secret}` },
    }),
  );
  await check(
    401,
    "post",
    "/api/revalidate",
    await request.post("/api/revalidate", { data: { tags: ["openapi-spec"] } }),
  );

  const alice = await playwrightRequest.newContext({ baseURL, storageState: storageStatePath("alice") });
  const session = (await check(200, "get", "/api/auth/session", await alice.get("/api/auth/session"))) as {
    user: { email: string };
  };
  expect(session.user.email).toBe("alice@example.org");
  await alice.dispose();
  expect(await check(200, "get", "/api/auth/session", await request.get("/api/auth/session"))).toBeNull();
  await check(200, "get", "/api/auth/providers", await request.get("/api/auth/providers"));

  // Signing out a caller with no session: Auth.js's own CSRF check, then its redirect.
  const visitor = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = (await check(200, "get", "/api/auth/csrf", await visitor.get("/api/auth/csrf"))) as {
    csrfToken: string;
  };
  await check(
    302,
    "post",
    "/api/auth/signout",
    await visitor.post("/api/auth/signout", { form: { csrfToken }, maxRedirects: 0 }),
  );
  await visitor.dispose();
});

test("every documented operation was called and answered with a success", () => {
  const all = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
  expect(all.filter((id) => !succeeded.has(id))).toEqual([]);
});
