// Sign-in through the identity provider: OIDC authorization code with PKCE, the console being a
// public client. The state and the PKCE verifier wait in sessionStorage (this tab only) while the
// browser is at the provider; the code is traded at the provider's token endpoint from here, and
// the access token is then used exactly as a pasted one.

const PENDING_KEY = "reflow.oidc.pending";

/** What `GET /ui/oidc.json` answers when the sign-in is configured. */
export interface OidcSettings {
  enabled: true;
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  client_id: string;
  scopes: string[];
  resource?: string;
  redirect_path: string;
}

/** The settings, null when the sign-in is not configured, or why it cannot be offered now. */
export type OidcAvailability = OidcSettings | null | { unavailable: string };

/** How a return from the provider ended: no return, an access token, or a message to show. */
export type OidcOutcome = { kind: "none" } | { kind: "token"; token: string } | { kind: "error"; message: string };

interface Pending {
  state: string;
  verifier: string;
}

export async function loadOidc(): Promise<OidcAvailability> {
  try {
    const res = await fetch("/ui/oidc.json", { cache: "no-store" });
    const json = await res.json();
    if (res.ok) return json.enabled ? (json as OidcSettings) : null;
    return { unavailable: json?.error?.message ?? `the gateway answered ${res.status}` };
  } catch (e) {
    return { unavailable: String(e) };
  }
}

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function random(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

function redirectUri(settings: OidcSettings): string {
  return new URL(settings.redirect_path, location.origin).href;
}

/** Sends the browser to the provider's login page. */
export async function beginSignIn(settings: OidcSettings): Promise<void> {
  const pending: Pending = { state: random(), verifier: random() };
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pending.verifier));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(settings.authorization_endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", settings.client_id);
  url.searchParams.set("redirect_uri", redirectUri(settings));
  url.searchParams.set("scope", settings.scopes.join(" "));
  url.searchParams.set("state", pending.state);
  url.searchParams.set("code_challenge", base64url(new Uint8Array(digest)));
  url.searchParams.set("code_challenge_method", "S256");
  if (settings.resource) url.searchParams.set("resource", settings.resource);
  location.assign(url.href);
}

/** Finishes a return from the provider, if this load is one; the URL loses code and state. */
export async function completeSignIn(availability: OidcAvailability): Promise<OidcOutcome> {
  const params = new URLSearchParams(location.search);
  if (!params.has("code") && !params.has("error")) return { kind: "none" };
  history.replaceState(null, "", location.pathname + location.hash);
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!availability || "unavailable" in availability) {
    return { kind: "error", message: "The identity provider's sign-in is not available on this gateway." };
  }
  const pending: Pending | null = stored ? JSON.parse(stored) : null;
  if (!pending || params.get("state") !== pending.state) {
    return { kind: "error", message: "The identity provider's answer does not belong to a sign-in this tab started (state mismatch): sign in again." };
  }
  const error = params.get("error");
  if (error) {
    const description = params.get("error_description");
    return { kind: "error", message: `The identity provider refused the sign-in: ${error}${description ? ` (${description})` : ""}.` };
  }
  const iss = params.get("iss");
  if (iss !== null && iss !== availability.issuer) {
    // RFC 9207: the answer came from another provider than the one this console signs in with.
    return { kind: "error", message: "The sign-in answer came from another identity provider: sign in again." };
  }
  return exchange(availability, params.get("code")!, pending.verifier);
}

async function exchange(settings: OidcSettings, code: string, verifier: string): Promise<OidcOutcome> {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri(settings),
    client_id: settings.client_id,
    code_verifier: verifier,
  });
  if (settings.resource) body.set("resource", settings.resource);
  try {
    const res = await fetch(settings.token_endpoint, { method: "POST", body, cache: "no-store", credentials: "omit" });
    const json = await res.json().catch(() => null);
    if (res.ok && typeof json?.access_token === "string") return { kind: "token", token: json.access_token };
    const why = json?.error ? `${json.error}${json.error_description ? ` (${json.error_description})` : ""}` : `HTTP ${res.status}`;
    return { kind: "error", message: `The identity provider did not issue a token: ${why}.` };
  } catch (e) {
    return { kind: "error", message: `The identity provider's token endpoint could not be reached: ${e}.` };
  }
}
