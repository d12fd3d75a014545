import "./style.css";
import { api, ApiError, Me, setToken, SIGNED_OUT, token } from "./api";
import { h, replace } from "./dom";
import { connectPage } from "./pages/connect";
import { dashboardPage } from "./pages/dashboard";
import { auditPage } from "./pages/audit";
import { instancesPage } from "./pages/instances";
import { myTargetsPage } from "./pages/access";
import { policiesPage, policyFormPage } from "./pages/policies";
import { signInPage } from "./pages/signin";
import { completeSignIn, loadOidc, OidcAvailability } from "./oidc";
import { targetFormPage, targetsPage } from "./pages/targets";

// Hash routes: the gateway serves one page at /ui, so a reload of any route needs no server rule.
interface Route {
  pattern: RegExp;
  admin: boolean;
  title: string;
  render: (me: Me, params: string[], signal: AbortSignal) => HTMLElement;
}

const ROUTES: Route[] = [
  {
    pattern: /^#\/targets$/,
    admin: false,
    title: "Targets",
    // A user's own page lists what the policies let them use; an admin's lists every target.
    render: (me) => (me.admin ? targetsPage(me) : myTargetsPage(me)),
  },
  { pattern: /^#\/targets\/new$/, admin: true, title: "New target", render: () => targetFormPage(null, go) },
  {
    pattern: /^#\/targets\/([^/]+)$/,
    admin: true,
    title: "Target",
    render: (_me, [name]) => targetFormPage(decodeURIComponent(name), go),
  },
  { pattern: /^#\/instances$/, admin: false, title: "Instances", render: (me, _p, s) => instancesPage(me, s) },
  { pattern: /^#\/policies$/, admin: true, title: "Policies", render: () => policiesPage() },
  { pattern: /^#\/policies\/new$/, admin: true, title: "New policy", render: () => policyFormPage(null, go) },
  {
    pattern: /^#\/policies\/([^/]+)$/,
    admin: true,
    title: "Policy",
    render: (_me, [id]) => policyFormPage(decodeURIComponent(id), go),
  },
  { pattern: /^#\/audit$/, admin: true, title: "Audit log", render: () => auditPage() },
  { pattern: /^#\/dashboard$/, admin: true, title: "Dashboard", render: () => dashboardPage() },
  { pattern: /^#\/connect$/, admin: false, title: "Connect", render: (me) => connectPage(me) },
];

const main = h("main", { id: "main", tabindex: -1 });
const nav = h("nav", { "aria-label": "Console" });
const who = h("div", { class: "who" });
let me: Me | null = null;
let current: AbortController | null = null;
let oidc: OidcAvailability = null;

function go(hash: string): void {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function shell(): void {
  document.body.replaceChildren(
    h("a", { href: "#main", class: "skip" }, "Skip to content"),
    h("header", {}, h("span", { class: "brand" }, "Reflow Gateway"), nav, who),
    main,
  );
}

function navigation(): void {
  if (!me) {
    replace(nav);
    replace(who);
    return;
  }
  const link = (hash: string, text: string) =>
    h("a", { href: hash, "aria-current": location.hash.startsWith(hash) ? "page" : undefined }, text);
  replace(
    nav,
    me.admin
      ? [
          link("#/dashboard", "Dashboard"),
          link("#/targets", "Targets"),
          link("#/instances", "Instances"),
          link("#/policies", "Policies"),
          link("#/audit", "Audit log"),
          link("#/connect", "Connect"),
        ]
      : [link("#/targets", "My targets"), link("#/instances", "My instances"), link("#/connect", "Connect")],
  );
  const signOut = h("button", { type: "button" }, "Sign out");
  signOut.addEventListener("click", () => {
    setToken(null);
    me = null;
    go("#/signin");
  });
  replace(who, h("span", {}, me.admin ? `${me.subject} (admin)` : me.subject), signOut);
}

function render(notice?: string): void {
  current?.abort();
  current = new AbortController();
  if (!me) {
    navigation();
    document.title = "Sign in · Reflow";
    replace(main, signInPage(signedIn, notice, oidc));
    return;
  }
  const hash = location.hash || "#/targets";
  const route = ROUTES.find((r) => r.pattern.test(hash));
  navigation();
  if (!route) {
    go("#/targets");
    return;
  }
  document.title = `${route.title} · Reflow`;
  if (route.admin && !me.admin) {
    replace(
      main,
      h("section", {}, h("h1", {}, "Not available"), h("p", {}, "This page needs an admin.")),
    );
    return;
  }
  const params = hash.match(route.pattern)!.slice(1);
  replace(main, route.render(me, params, current.signal));
}

function signedIn(who: Me): void {
  me = who;
  go(location.hash && location.hash !== "#/signin" ? location.hash : "#/targets");
}

async function start(): Promise<void> {
  shell();
  window.addEventListener("hashchange", () => render());
  window.addEventListener(SIGNED_OUT, () => {
    // Only a signed-in page reacts; the sign-in form shows its own refusal.
    if (!me) return;
    me = null;
    setToken(null);
    render("Your sign-in ended (the gateway refused the token): sign in again.");
  });
  oidc = await loadOidc();
  const returned = await completeSignIn(oidc);
  if (returned.kind === "error") {
    render(returned.message);
    return;
  }
  if (returned.kind === "token") setToken(returned.token);
  if (token()) {
    try {
      me = await api<Me>("GET", "/api/me");
    } catch (e) {
      setToken(null);
      if (!(e instanceof ApiError)) throw e;
      if (returned.kind === "token") {
        render(`Not signed in: the gateway refused the identity provider's token: ${e.message}`);
        return;
      }
    }
  }
  render();
}

start();
