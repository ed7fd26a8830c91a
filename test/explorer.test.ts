import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { getIntrospectionQuery } from "graphql";
import { baseUrl, data, gql } from "./support/graphql";
import { ROOT } from "./support/server-process";
import { launchBrowser, offlineContext } from "./support/browser";
import { OwnServer, startOwnServer } from "./support/own-server";
import { token } from "./support/tokens";
import { EXAMPLE_QUERY } from "../src/http/explorer";

const HTML = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

async function explorerPage(base: string) {
  const res = await fetch(`${base}/graphql`, { headers: HTML });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Every file the page loads (`src` and `href` attributes), as written in the HTML. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
}

/** Hosts named in a text (links in messages and comments, XML namespaces). */
function hostsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1].toLowerCase()));
}

describe("the explorer over HTTP (development defaults)", () => {
  it("answers a browser's GET /graphql with GraphiQL, loading only files of this server", async () => {
    const { status, headers, html } = await explorerPage(baseUrl());
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^text\/html/);
    expect(html).toContain("<title>PMM Graph explorer</title>");
    const refs = references(html);
    expect(refs).toEqual([
      "/explorer/graphiql.min.css",
      "/explorer/react.production.min.js",
      "/explorer/react-dom.production.min.js",
      "/explorer/graphiql.min.js",
      "/explorer/start.js",
    ]);
    expect(hostsIn(html)).toEqual(new Set());
    // The browser itself refuses anything else: scripts, styles and requests from this origin only.
    const csp = headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(headers.get("vary")).toMatch(/accept/i);
  });

  it("preloads the README's example query", async () => {
    const { html } = await explorerPage(baseUrl());
    const settings = JSON.parse(
      html.match(/<script type="application\/json" id="pmm-explorer-settings">(.*?)<\/script>/s)![1],
    );
    expect(settings.defaultQuery.endsWith(EXAMPLE_QUERY)).toBe(true);
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("```graphql\n" + EXAMPLE_QUERY + "```");
  });

  it("serves the page's files from the project's own packages (graphiql 3, React 18)", async () => {
    const expected: Record<string, [string, RegExp]> = {
      "graphiql.min.css": ["node_modules/graphiql/graphiql.min.css", /^text\/css/],
      "react.production.min.js": ["node_modules/react/umd/react.production.min.js", /^text\/javascript/],
      "react-dom.production.min.js": ["node_modules/react-dom/umd/react-dom.production.min.js", /^text\/javascript/],
      "graphiql.min.js": ["node_modules/graphiql/graphiql.min.js", /^text\/javascript/],
    };
    for (const [name, [file, type]] of Object.entries(expected)) {
      const res = await fetch(`${baseUrl()}/explorer/${name}`);
      expect([name, res.status]).toEqual([name, 200]);
      expect(res.headers.get("content-type")).toMatch(type);
      expect(await res.text()).toBe(fs.readFileSync(path.join(ROOT, file), "utf8"));
    }
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/graphiql/package.json"), "utf8")).version).toMatch(
      /^3\./,
    );
  });

  it("names no other host in the page's own script and style, and only documentation links in the bundles", async () => {
    const text = async (name: string) => (await fetch(`${baseUrl()}/explorer/${name}`)).text();
    expect(hostsIn(await text("start.js"))).toEqual(new Set());
    // The stylesheet embeds its fonts and icons as data: URIs (SVG ones name their XML namespace).
    expect([...hostsIn(await text("graphiql.min.css"))].filter((h) => h !== "www.w3.org")).toEqual([]);
    // Links printed in messages and comments, never loaded (the browser test below aborts any request that leaves
    // this machine and finds none); a CDN here would fail this test.
    const documentation = new Set([
      "www.w3.org",
      "reactjs.org",
      "github.com",
      "codemirror.net",
      "commonmark.org",
      "en.wikipedia.org",
    ]);
    for (const bundle of ["react.production.min.js", "react-dom.production.min.js", "graphiql.min.js"]) {
      expect([bundle, [...hostsIn(await text(bundle))].filter((h) => !documentation.has(h))]).toEqual([bundle, []]);
    }
  });

  it("answers an unknown file under /explorer/ 404, and clients asking for JSON get GraphQL as before", async () => {
    expect((await fetch(`${baseUrl()}/explorer/package.json`)).status).toBe(404);
    expect((await fetch(`${baseUrl()}/explorer/..%2Fpackage.json`)).status).toBe(404);
    const json = await fetch(`${baseUrl()}/graphql?query=${encodeURIComponent("{ dimensions { code } }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(json.status).toBe(200);
    expect(((await json.json()) as any).data.dimensions.length).toBeGreaterThan(0);
  });

  it("keeps Apollo's CSRF prevention: a GET without a preflight header, or a form post, is refused", async () => {
    const get = await fetch(`${baseUrl()}/graphql?query=${encodeURIComponent("{ dimensions { code } }")}`, {
      headers: { accept: "application/json" },
    });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
    const form = await fetch(`${baseUrl()}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `query=${encodeURIComponent("{ dimensions { code } }")}`,
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/Cross-Site Request Forgery/);
  });
});

describe("the schema the explorer reads (introspection, on outside production)", () => {
  it("answers GraphiQL's full introspection query: introspection is bounded by the schema, not priced as data", async () => {
    // What GraphiQL 3 sends on opening the page (its docs and completion come from it).
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true });
    const res = await gql(query);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe("Query");
  });

  it("still refuses introspection nested past graphql's own bound", async () => {
    const res = await gql(
      "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }",
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors?.[0].message).toMatch(/introspection depth/i);
  });
});

describe("the explorer in production", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("explorer-production", {
      NODE_ENV: "production",
      PMM_INTROSPECTION: "true",
      PMM_EXPLORER: "true",
    });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("is served with PMM_EXPLORER=true (and PMM_INTROSPECTION=true)", async () => {
    const { status, html } = await explorerPage(own.baseUrl);
    expect(status).toBe(200);
    expect(html).toContain("/explorer/graphiql.min.js");
    expect((await fetch(`${own.baseUrl}/explorer/graphiql.min.js`)).status).toBe(200);
  });
});

/** The text of one of GraphiQL's CodeMirror editors, whole (CodeMirror draws only the lines in view). */
function editorText(page: Page, selector: string): Promise<string> {
  return page.$eval(`${selector} .CodeMirror`, (el) => (el as any).CodeMirror.getValue() as string);
}

/** Waits until the result pane holds this text (the browser's own view of it, not a request made by the test). */
async function resultShows(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) =>
      ((globalThis as any).document.querySelector(".result-window .CodeMirror")?.CodeMirror?.getValue() ?? "").includes(
        t,
      ),
    text,
  );
}

/** Replaces an editor's text as a user pasting it would. */
async function pasteInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(`${selector} .CodeMirror`);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

describe("the explorer in headless Chromium, with every request off this machine aborted", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens with the example query, runs it, and shows the API's answer; a token goes in the headers editor", async () => {
    const { context, outside } = await offlineContext(browser);
    try {
      const page = await context.newPage();
      const failures: string[] = [];
      page.on("pageerror", (e) => failures.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") failures.push(m.text());
      });
      await page.goto(`${baseUrl()}/graphql`);
      await page.waitForSelector(".graphiql-query-editor .CodeMirror");
      expect((await editorText(page, ".graphiql-query-editor")).endsWith(EXAMPLE_QUERY)).toBe(true);

      await page.click(".graphiql-execute-button");
      await resultShows(page, '"data"');
      const shown = JSON.parse(await editorText(page, ".result-window"));
      // (The test server adds extensions.sqlStatements to every answer.)
      expect(shown.data).toEqual(await data(EXAMPLE_QUERY));
      expect(await page.locator(".result-window").innerText()).toContain(shown.data.dimensions[0].name);

      // Signed in through the headers editor: the server sees the viewer the token names.
      const ncp = token({ role: "NCP", member: "KEN", sub: "explorer-ncp" });
      await page.click(".graphiql-editor-tools button[data-name=headers]");
      const headersEditor = ".graphiql-editor-tool .graphiql-editor:not(.hidden)";
      await pasteInto(page, headersEditor, JSON.stringify({ Authorization: `Bearer ${ncp}` }));
      await pasteInto(page, ".graphiql-query-editor", "{ viewer { role member { code } } }");
      await page.click(".graphiql-execute-button");
      await resultShows(page, '"viewer"');
      expect(JSON.parse(await editorText(page, ".result-window")).data).toEqual({
        viewer: { role: "NCP", member: { code: "KEN" } },
      });
      expect(failures).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
