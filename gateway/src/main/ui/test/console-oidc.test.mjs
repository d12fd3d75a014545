// Browser test of the console's sign-in through an identity provider (OIDC authorization code with
// PKCE) in Debian's Chromium driven by playwright-core. The JUnit class ConsoleOidcBrowserTest
// starts a real provider (test/oidc-provider.mjs) and a gateway that trusts its tokens, and runs
// this script with BASE_URL, SCREENSHOTS (a folder) and CHROMIUM (the browser binary).
// It prints one line per step and "N passed, N failed" last; the exit code is 0 only when all pass.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
};
const BASE = env("BASE_URL");
const SHOTS = env("SCREENSHOTS");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TIMEOUT = 20_000;
const PROVIDER_BUTTON = { name: "Sign in with your identity provider", exact: true };

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(SHOTS, { recursive: true });
let passed = 0;
let failed = 0;
let page = null;

function check(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
    await page?.screenshot({ path: join(SHOTS, `oidc-failed-${passed + failed}.png`), fullPage: true }).catch(() => {});
  }
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
async function accessible(name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `no serious/critical axe violation on ${name}, got ${JSON.stringify(bad)}`);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The provider's login form (its development pages): any user name and password sign in. */
async function providerLogin(user) {
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

const problems = [];
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  // Only the console's own page is watched: the provider's pages are not the console's.
  page.on("console", (m) => {
    if (m.type() === "error" && page.url().startsWith(BASE) && !m.text().startsWith("Failed to load resource")) {
      problems.push(m.text());
    }
  });
  page.on("pageerror", (e) => problems.push(String(e)));

  await step("the sign-in page offers the identity provider next to the token form", async () => {
    const response = await page.goto(`${BASE}/ui/`);
    await page.getByRole("button", PROVIDER_BUTTON).waitFor();
    const settings = await (await fetch(`${BASE}/ui/oidc.json`)).json();
    const provider = new URL(settings.token_endpoint).origin;
    const csp = response.headers()["content-security-policy"];
    check(csp.includes(`connect-src 'self' ${provider};`), `connect-src naming the provider's origin only, got ${csp}`);
    check(await page.getByLabel("Token").isVisible(), "the token form too");
    await accessible("signin-oidc");
  });

  await step("a login cancelled at the provider is shown as refused, without a code", async () => {
    await page.getByRole("button", PROVIDER_BUTTON).click();
    await page.locator('input[name="login"]').waitFor();
    await page.getByRole("link", { name: "[ Cancel ]" }).click();
    await page.getByText(/refused the sign-in: access_denied/).waitFor();
    const url = new URL(page.url());
    check(url.search === "", `no code, state or error left in the URL, got ${url.search}`);
  });

  await step("alice signs in at the provider and is back in the console as alice", async () => {
    await page.getByRole("button", PROVIDER_BUTTON).click();
    await providerLogin("alice");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    check((await page.locator(".who").textContent()).includes("alice"), "alice named in the header");
    await page.getByRole("link", { name: "My targets" }).waitFor();
    const seen = await page.evaluate(async () => {
      const token = sessionStorage.getItem("reflow.token");
      const res = await fetch("/api/me", { headers: { Authorization: `Bearer ${token}` } });
      return { search: location.search, me: await res.json(), pending: sessionStorage.getItem("reflow.oidc.pending") };
    });
    check(seen.search === "", `the code and state gone from the URL, got ${seen.search}`);
    check(seen.me.subject === "alice" && seen.me.admin === false, `/api/me is alice, got ${JSON.stringify(seen.me)}`);
    check(seen.pending === null, "no PKCE verifier left in the tab");
    await accessible("signed-in-oidc");
  });

  await step("alice signs out and is back at the sign-in page", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", PROVIDER_BUTTON).waitFor();
    check((await page.evaluate(() => sessionStorage.getItem("reflow.token"))) === null, "the token gone");
  });

  await step("an answer for a sign-in this tab did not start (state mismatch) is refused", async () => {
    await page.goto(`${BASE}/ui/?code=forged-code-123&state=forged-state`);
    await page.getByText(/state mismatch/).waitFor();
    check(!(await page.content()).includes("forged-code-123"), "the code never shown");
    check(new URL(page.url()).search === "", "the code gone from the URL");
    check((await page.evaluate(() => sessionStorage.getItem("reflow.token"))) === null, "not signed in");
  });

  await step("the console's pages caused no CSP violation or script error", async () => {
    check(problems.length === 0, `no problems, got ${JSON.stringify(problems)}`);
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
