import fs from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's package (`apt-get install chromium`), driven by playwright-core: no browser download at test time. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Headless Chromium for the browser tests. Missing, it fails the test with one line naming the package to
 * install: a browser test is never skipped (CI installs it, see .ci/run).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    const err = new Error(
      `${CHROMIUM} is missing: apt-get install chromium (the browser tests need Debian's Chromium)`,
    );
    err.stack = err.message;
    throw err;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // Nothing but the page under test: no update checks, sync, component downloads or first-run pages.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Whether a URL is on this machine (the API's and the dashboard's origins are both 127.0.0.1/localhost). */
export function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return (protocol === "http:" || protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
}

/**
 * A fresh browser context in which every request to another host is aborted and recorded: the tests assert
 * the page made none (`outside` stays empty), as on a customs network closed to the internet.
 */
export async function offlineContext(browser: Browser): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext();
  const outside: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outside.push(url);
    return route.abort("internetdisconnected");
  });
  return { context, outside };
}
