// The REST API of the same origin. The token lives in sessionStorage (gone when the tab closes) and
// travels only in the Authorization header: never in a URL, never in a cookie.

const TOKEN_KEY = "reflow.token";

/** The window event sent when the API refused the token (401). */
export const SIGNED_OUT = "reflow:signed-out";

/** One field the API refused, as `{"field": ..., "message": ...}` in its error body. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An error answer of the API: `{"error": {"code", "message", "field", "fields"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
    readonly fields: FieldProblem[],
  ) {
    super(message);
  }
}

/** Who the gateway takes the caller for (`GET /api/me`). */
export interface Me {
  subject: string;
  kind: "user" | "builtin";
  role: string | null;
  groups: string[];
  admin: boolean;
}

/** One target in an access report: usable or not, and the items the identity may use there. */
export interface TargetAccess {
  name: string;
  usable: boolean;
  decision?: { reason: string; policy_id: string | null };
  tools?: string[];
  prompts?: string[];
  resources?: string[];
  resource_templates?: string[];
  truncated?: boolean;
  error?: string;
}

/** What an identity may use (`GET /api/access/effective`, `GET /api/me/access`). */
export interface AccessReport {
  identity: Me;
  targets: TargetAccess[];
}

/** A target as `GET /api/targets` answers it; admins get every field. */
export interface Target {
  name: string;
  transport_type: string;
  url?: string;
  image?: string;
  port?: number;
  command?: string[] | string;
  args?: string[];
  statefulness?: string;
  isolation_boundary?: string;
  auth_type?: string;
  read_only?: boolean;
  [key: string]: unknown;
}

/** A running server as `GET /api/instances` answers it. */
export interface Instance {
  id: string;
  target: string;
  transport: string;
  subject_hash: string | null;
  phase: string;
  reason: string | null;
  started_at: string | null;
  last_activity_at: string | null;
  endpoint: string | null;
  restartable: boolean;
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** The request headers every API call carries. */
export function headers(extra: Record<string, string> = {}): Headers {
  const out = new Headers(extra);
  const t = token();
  if (t) out.set("Authorization", `Bearer ${t}`);
  return out;
}

/** Calls the API; resolves with the parsed JSON body (null for 204), rejects with ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: headers(), cache: "no-store" };
  if (body !== undefined) {
    init.headers = headers({ "Content-Type": "application/json" });
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 204) return null as T;
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status === 401) {
    // The token no longer works (expired, revoked): whoever shows pages hears it once.
    window.dispatchEvent(new CustomEvent(SIGNED_OUT));
  }
  if (!res.ok) {
    const e = json?.error ?? {};
    throw new ApiError(
      res.status,
      e.code ?? "http_" + res.status,
      e.message ?? res.statusText,
      e.field ?? null,
      Array.isArray(e.fields) ? e.fields : e.field ? [{ field: e.field, message: e.message }] : [],
    );
  }
  return json as T;
}
