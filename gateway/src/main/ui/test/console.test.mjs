// Browser test of the console against a running gateway, in Debian's Chromium driven by
// playwright-core. The JUnit class ConsoleBrowserTest starts the gateway (with a static
// streamable-http target in front of the reference MCP server) and runs this script with:
//   BASE_URL, ADMIN_TOKEN, ALICE_TOKEN, BOB_TOKEN, SERVERS_DIR (the reference server's folder),
//   SCREENSHOTS (a folder), CHROMIUM (the browser binary).
// It prints one line per step and "N passed, N failed" last; the exit code is 0 only when all pass.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
};
const BASE = env("BASE_URL");
const ADMIN = env("ADMIN_TOKEN");
const ALICE = env("ALICE_TOKEN");
const BOB = env("BOB_TOKEN");
const SERVERS = env("SERVERS_DIR");
const SHOTS = env("SCREENSHOTS");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const STDIO = "everything-stdio";
const TIMEOUT = 20_000;

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(SHOTS, { recursive: true });
let passed = 0;
let failed = 0;

function check(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

let page = null;
let user = null;

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
    // What the page showed when the step failed, next to the other screenshots.
    const shown = [page, user].filter(Boolean);
    for (const [i, p] of shown.entries()) {
      await p.screenshot({ path: join(SHOTS, `failed-${passed + failed}-${i}.png`), fullPage: true }).catch(() => {});
    }
  }
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
async function accessible(page, name) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern: the page
  // itself still runs under the strict policy, and a violation there fails the test (below).
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(bad.length === 0, `no serious/critical axe violation on ${name}, got ${JSON.stringify(bad)}`);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A raw MCP initialize to the stdio target: the gateway starts a process for that identity. */
async function initialize(token, target = STDIO) {
  const res = await fetch(`${BASE}/mcp/${target}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "browser-test", version: "1" } },
    }),
  });
  const text = await res.text();
  check(res.status === 200, `initialize answered 200, got ${res.status}: ${text}`);
}

/** A raw MCP initialize, then `tools/call` of `tool` in that session: the answer's text. */
async function callTool(token, target, tool) {
  const post = (body, session) =>
    fetch(`${BASE}/mcp/${target}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        ...(session ? { "Mcp-Session-Id": session } : {}),
      },
      body: JSON.stringify(body),
    });
  const init = await post({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "browser-test", version: "1" } },
  });
  await init.text();
  check(init.status === 200, `initialize answered 200, got ${init.status}`);
  const session = init.headers.get("mcp-session-id");
  await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, session)).text();
  const call = await post(
    { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: tool, arguments: { message: "hi" } } },
    session,
  );
  return call.text();
}

async function newPage(problems) {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  // Refused requests (the wrong token, the bad field) are logged by Chromium as failed loads; the
  // page shows those itself. Anything else, a CSP violation above all, is a problem.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("dialog", (d) => d.accept());
  return page;
}

async function signIn(page, token) {
  await page.goto(`${BASE}/ui/`);
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

const profile = mkdtempSync(join(tmpdir(), "reflow-chromium-"));
// A fresh profile; pages of one context keep their own sessionStorage, so the admin's page and
// the user's page are signed in apart.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1280, height: 860 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const adminProblems = [];
const userProblems = [];
try {
  page = await newPage(adminProblems);

  await step("the sign-in page refuses a wrong token and names it", async () => {
    await page.goto(`${BASE}/ui/`);
    await accessible(page, "signin");
    await page.getByLabel("Token").fill("not-a-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText(/Not signed in/).waitFor();
  });

  await step("the admin signs in with the admin token and sees the admin pages", async () => {
    await signIn(page, ADMIN);
    await page.getByRole("heading", { name: "Targets" }).waitFor();
    await page.locator('tr[data-target="everything"]').waitFor();
    check(await page.getByRole("link", { name: "Instances" }).isVisible(), "an Instances link");
    const stored = await page.evaluate(() => ({ url: location.href, cookie: document.cookie }));
    check(!stored.url.includes(ADMIN) && stored.cookie === "", "the token neither in the URL nor a cookie");
    await accessible(page, "targets");
  });

  await step("a target with a bad field shows the API's message on that field", async () => {
    await page.getByRole("link", { name: "New target" }).click();
    await page.getByLabel("Name", { exact: true }).fill("broken");
    await page.getByLabel("URL").fill("ftp://example.invalid/mcp");
    await page.getByRole("button", { name: "Create" }).click();
    const error = page.locator('[data-field="url"] .field-error');
    await error.filter({ hasText: "absolute http(s) URL" }).waitFor();
    check((await page.getByLabel("URL").getAttribute("aria-invalid")) === "true", "the URL input marked invalid");
    check((await page.locator('[data-field="name"] .field-error').textContent()) === "", "no error on the name");
    await accessible(page, "target-invalid-field");
  });

  await step("a good stdio target is created and opens for editing", async () => {
    await page.getByRole("link", { name: "Targets" }).click();
    await page.getByRole("link", { name: "New target" }).click();
    check((await page.getByLabel("URL").inputValue()) === "", "a fresh form");
    await page.getByLabel("Name", { exact: true }).fill(STDIO);
    await page.getByLabel("Transport").selectOption("stdio");
    await page.getByLabel("Command").fill("node");
    await page
      .getByLabel("Arguments")
      .fill("node_modules/@modelcontextprotocol/server-everything/dist/index.js\nstdio");
    await page.getByLabel("Working directory").fill(SERVERS);
    await page.getByLabel("Isolation").selectOption("per_user");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: `Target ${STDIO}` }).waitFor();
    await page.locator("form[data-loaded]").waitFor();
    check((await page.getByLabel("Command").inputValue()) === "node", "the saved command read back");
  });

  await step("an env value is saved and shown masked only", async () => {
    await page.locator("#env-key-0").fill("API_KEY");
    await page.locator("#env-value-0").fill("s3cret-value-42");
    await page.getByRole("button", { name: "Save env config" }).click();
    const scope = page.locator('[data-scope="default"]');
    await scope.getByText("API_KEY").waitFor();
    check((await scope.locator("dd").first().textContent()) === "****", "the value masked as ****");
    const html = await page.content();
    check(!html.includes("s3cret-value-42"), "the value nowhere in the page");
    check((await page.locator("#env-value-0").inputValue()) === "", "the value input emptied");
    await page.getByText("Saved default.").waitFor();
    await accessible(page, "target-env");
    // The env form alone, for the docs: the target form above shows this machine's folders.
    await page.locator("form", { has: page.getByRole("heading", { name: "Env configs" }) })
      .screenshot({ path: join(SHOTS, "env-configs.png") });
  });

  await step("instances appear live when an MCP client starts one, with no reload", async () => {
    await page.getByRole("link", { name: "Targets" }).click();
    await page.locator(`tr[data-target="${STDIO}"]`).waitFor();
    await accessible(page, "targets-both");
    await page.getByRole("link", { name: "Instances" }).click();
    await page.getByText("Live: updates arrive").waitFor();
    await page.evaluate(() => (globalThis.__sameDocument = true));
    check((await page.locator(`tr[data-target="${STDIO}"]`).count()) === 0, "no stdio instance yet");
    await initialize(ALICE);
    const row = page.locator(`tr[data-target="${STDIO}"]`);
    await row.waitFor();
    check(await page.evaluate(() => globalThis.__sameDocument === true), "the same document (no reload)");
    check((await row.locator("td").nth(3).textContent()) === "Running", "phase Running");
    await accessible(page, "instances");
  });

  await step("the admin restarts the instance and it goes away live", async () => {
    await page.locator(`tr[data-target="${STDIO}"] button`).click();
    await page.locator(`tr[data-target="${STDIO}"]`).waitFor({ state: "detached" });
    check(await page.evaluate(() => globalThis.__sameDocument === true), "still no reload");
  });

  user = await newPage(userProblems);

  await step("a user sees only the user pages and no admin page", async () => {
    await signIn(user, ALICE);
    await user.getByRole("heading", { name: "My targets" }).waitFor();
    const links = await user.getByRole("navigation").getByRole("link").allTextContents();
    check(JSON.stringify(links) === JSON.stringify(["My targets", "My instances", "Connect"]), `user links, got ${links}`);
    check((await user.getByRole("link", { name: "New target" }).count()) === 0, "no New target link");
    await accessible(user, "user-targets");
    await user.goto(`${BASE}/ui/#/targets/new`);
    await user.getByText("This page needs an admin.").waitFor();
    check((await user.getByLabel("URL").count()) === 0, "no target form");
    await accessible(user, "user-no-admin-page");
  });

  await step("a user sees and restarts their own instance only", async () => {
    await user.goto(`${BASE}/ui/#/instances`);
    await user.getByText("Live: updates arrive").waitFor();
    await initialize(BOB);
    await initialize(ALICE);
    const mine = user.locator(`tr[data-target="${STDIO}"]`);
    await mine.waitFor();
    // Bob's process runs too (the admin's list has two), but not on Alice's page.
    await page.locator(`tr[data-target="${STDIO}"]`).nth(1).waitFor();
    check((await mine.count()) === 1, `one instance on the user's page, got ${await mine.count()}`);
    await accessible(user, "user-instances");
    await mine.getByRole("button", { name: /Restart/ }).click();
    await mine.waitFor({ state: "detached" });
    await page.locator(`tr[data-target="${STDIO}"]`).nth(1).waitFor({ state: "detached" });
    check((await page.locator(`tr[data-target="${STDIO}"]`).count()) === 1, "Bob's instance still runs");
  });

  await step("the dashboard shows the MCP traffic per target from the gateway's metrics", async () => {
    // Through the streamable-http target: the proxy's metrics count it.
    await initialize(ALICE, "everything");
    await initialize(BOB, "everything");
    await page.getByRole("link", { name: "Dashboard" }).click();
    const row = page.locator('tr[data-target="everything"]');
    await row.waitFor();
    const requests = Number(await row.locator("td").nth(1).textContent());
    check(requests >= 2, `at least the 2 initialize requests, got ${requests}`);
    check((await row.locator("td").nth(4).textContent()).endsWith("ms"), "a mean latency in ms");
    await accessible(page, "dashboard");
  });

  await step("the admin restarts all instances of a target at once", async () => {
    await page.getByRole("link", { name: "Instances" }).click();
    const rows = page.locator(`tr[data-target="${STDIO}"]`);
    await rows.first().waitFor();
    await page.getByRole("button", { name: `Restart all of ${STDIO}` }).click();
    await rows.first().waitFor({ state: "detached" });
    await page.getByText(`${STDIO}: restarted`).waitFor();
  });

  await step("the connect page shows the user's endpoints and a client snippet", async () => {
    await user.getByRole("link", { name: "Connect" }).click();
    await user.getByText(`${BASE}/mcp/${STDIO}`, { exact: false }).first().waitFor();
    const snippet = await user.locator("pre.snippet").textContent();
    const parsed = JSON.parse(snippet);
    check(parsed.mcpServers[STDIO].url === `${BASE}/mcp/${STDIO}`, "the snippet's URL");
    check(!snippet.includes(ALICE), "no token in the snippet");
    await accessible(user, "user-connect");
  });

  await step("a policy with a bad pattern shows the API's message on the pattern field", async () => {
    await page.getByRole("link", { name: "Policies" }).click();
    await page.getByRole("heading", { name: "Policies" }).waitFor();
    await page.getByRole("link", { name: "New policy" }).click();
    await page.getByLabel("Id", { exact: true }).fill("no-echo");
    await page.getByLabel("Effect").selectOption("deny");
    await page.getByLabel("Priority").fill("50");
    await page.getByLabel("Target", { exact: true }).fill("everything");
    await page.getByLabel("Resource type").selectOption("tool");
    // A lookahead: RE2 has none, so the API refuses the pattern and names the field.
    await page.getByLabel("Pattern").fill("^(?=echo)");
    await page.getByLabel("Subjects").fill("everyone");
    await page.getByRole("button", { name: "Create" }).click();
    const error = page.locator('[data-field="resource_pattern"] .field-error');
    await error.filter({ hasText: "RE2" }).waitFor();
    check((await page.getByLabel("Pattern").getAttribute("aria-invalid")) === "true", "the pattern input marked invalid");
    check((await page.locator('[data-field="id"] .field-error').textContent()) === "", "no error on the id");
    await accessible(page, "policy-invalid-field");
  });

  await step("a deny policy for a tool is created and listed next to an allow for everyone", async () => {
    await page.getByLabel("Pattern").fill("^echo$");
    await page.getByRole("button", { name: "Create" }).click();
    const row = page.locator('tr[data-policy="no-echo"]');
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    check(
      JSON.stringify(cells.slice(1)) === JSON.stringify(["deny", "50", "everything", "tool", "^echo$", "everyone", "yes"]),
      `the listed policy, got ${cells}`,
    );
    // With a policy defined, what none allows is denied: allow everything else to everyone.
    await page.getByRole("link", { name: "New policy" }).click();
    await page.getByLabel("Id", { exact: true }).fill("everyone");
    await page.getByLabel("Effect").selectOption("allow");
    await page.getByLabel("Subjects").fill("everyone");
    await page.getByRole("button", { name: "Create" }).click();
    await page.locator('tr[data-policy="everyone"]').waitFor();
    check((await page.locator("tbody tr").first().getAttribute("data-policy")) === "no-echo", "highest priority first");
    await accessible(page, "policies");
  });

  await step("the admin checks what an identity may use and sees the denied tool absent", async () => {
    // Bob may not use the stdio target at all: a deny of everything there, above the allow.
    const denied = await fetch(`${BASE}/api/policies`, {
      method: "POST",
      headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        id: "no-stdio-for-bob",
        target_id: STDIO,
        effect: "deny",
        priority: 100,
        subjects: [{ subject_type: "user", subject_value: "bob" }],
      }),
    });
    check(denied.status === 201, `the policy created, got ${denied.status}`);
    // The policies page is open already: a reload lists the policy made through the API.
    await page.reload();
    await page.locator('tr[data-policy="no-stdio-for-bob"]').waitFor();
    await page.getByRole("heading", { name: "What can this identity use?" }).waitFor();
    // A bad field first: the API's message lands on it.
    await page.getByLabel("Groups").fill("a,,b");
    await page.getByRole("button", { name: "Check" }).click();
    await page.locator('[data-field="user"] .field-error').filter({ hasText: "user is required" }).waitFor();
    await page.getByLabel("User").fill("bob");
    await page.getByLabel("Groups").fill("");
    await page.getByRole("button", { name: "Check" }).click();
    const everything = page.locator('table[data-report="bob"] tr[data-target="everything"]');
    await everything.waitFor();
    const tools = await everything.locator("td").nth(1).locator("li").allTextContents();
    check(tools.includes("get-sum") && !tools.includes("echo"), `get-sum but not echo, got ${tools}`);
    const stdio = page.locator(`table[data-report="bob"] tr[data-target="${STDIO}"]`);
    check((await stdio.getAttribute("data-usable")) === "false", "the stdio target not usable for bob");
    check((await stdio.locator("td").first().textContent()).includes("no-stdio-for-bob"), "the deciding policy named");
    await accessible(page, "access-check");
  });

  await step("a user a policy denies one target does not see it in My targets", async () => {
    const bob = await newPage(userProblems);
    try {
      await signIn(bob, BOB);
      await bob.getByRole("heading", { name: "My targets" }).waitFor();
      await bob.locator("tbody[data-loaded]").waitFor();
      const rows = await bob.locator("tbody tr").evaluateAll((rs) => rs.map((r) => r.dataset.target));
      check(JSON.stringify(rows) === JSON.stringify(["everything"]), `only the everything target, got ${rows}`);
      const tools = await bob.locator('tr[data-target="everything"] td').first().locator("li").allTextContents();
      check(tools.includes("get-sum") && !tools.includes("echo"), `get-sum but not echo, got ${tools}`);
      await accessible(bob, "user-my-targets");
    } finally {
      await bob.close();
    }
  });

  await step("the audit log pages with More, and the denied tool call is in it with all its fields", async () => {
    const answer = await callTool(ALICE, "everything", "echo");
    check(answer.includes("-32001"), `the call refused with -32001, got ${answer}`);
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.locator("tbody[data-loaded]").waitFor();
    // Paging: 10 records, then More appends the next, older ones after them.
    await page.getByLabel("Per page").selectOption("10");
    await page.getByRole("button", { name: "Filter" }).click();
    // The table is replaced when the answer arrives: wait for the shorter one.
    await page.waitForFunction(() => document.querySelectorAll("tbody tr[data-seq]").length === 10);
    check(await page.getByRole("button", { name: "More" }).isVisible(), "a More button with older records left");
    await page.getByRole("button", { name: "More" }).click();
    await page.locator("tbody tr[data-seq]").nth(10).waitFor();
    const seqs = (await page.locator("tbody tr[data-seq]").evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq))));
    check(seqs.every((s, i) => i === 0 || s < seqs[i - 1]), `newest first without repeats across pages, got ${seqs}`);
    await page.getByLabel("Per page").selectOption("50");
    await page.getByLabel("User").fill("alice");
    await page.getByLabel("Outcome").selectOption("denied");
    await page.getByRole("button", { name: "Filter" }).click();
    const row = page.locator('tr[data-method="tools/call"]').first();
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    check(cells[1] === "alice" && cells[2] === "everything" && cells[4] === "echo", `subject, target, item: ${cells}`);
    check(cells[5] === "deny" && cells[6] === "denied", `decision and outcome: ${cells}`);
    check((await page.locator("tbody tr").count()) === (await page.locator("tbody tr[data-seq]").count()), "records only");
    await row.getByRole("button").click();
    const detail = page.getByRole("region", { name: "Record detail" });
    await detail.getByText("policy_id").waitFor();
    check((await detail.locator("dd").allTextContents()).includes("no-echo"), "the deciding policy in the detail");
    await accessible(page, "audit");
  });

  await step("a token the gateway stops accepting sends the user back to sign in", async () => {
    // As when a JWT expires: the stored token no longer authenticates.
    await user.evaluate(() => sessionStorage.setItem("reflow.token", "no-longer-valid"));
    await user.getByRole("link", { name: "My targets" }).click();
    await user.getByText("Your sign-in ended").waitFor();
    check((await user.getByRole("button", { name: "Sign out" }).count()) === 0, "signed out");
    check(await user.evaluate(() => sessionStorage.getItem("reflow.token") === null), "the token forgotten");
  });

  await step("no page broke its Content-Security-Policy or logged an error", async () => {
    const all = [...adminProblems, ...userProblems];
    check(all.length === 0, `no console error, got ${JSON.stringify(all)}`);
  });
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
