import { api, ApiError, Me, setToken } from "../api";
import { h } from "../dom";
import { beginSignIn, OidcAvailability } from "../oidc";

/**
 * The sign-in form: a token (an admin token or a JWT) checked against `GET /api/me`, and, when the
 * gateway is configured for it, the sign-in through the identity provider's login page.
 */
export function signInPage(onSignedIn: (me: Me) => void, notice?: string, oidc: OidcAvailability = null): HTMLElement {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    required: true,
    "aria-describedby": "token-help token-error",
  });
  const error = h("p", { id: "token-error", class: "field-error", role: "alert" }, notice ?? "");
  const form = h(
    "form",
    {
      class: "card narrow",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.textContent = "";
        setToken(input.value.trim());
        try {
          onSignedIn(await api<Me>("GET", "/api/me"));
        } catch (err) {
          setToken(null);
          error.textContent =
            err instanceof ApiError ? `Not signed in: ${err.message}` : `Not signed in: ${err}`;
          input.focus();
        }
      },
    },
    h("h1", {}, "Sign in"),
    identityProvider(oidc, error),
    h("label", { for: "token" }, "Token"),
    input,
    h(
      "p",
      { id: "token-help", class: "help" },
      "An admin token of the gateway, or a JWT your identity provider issued. It is kept in this tab only.",
    ),
    error,
    h("button", { type: "submit", class: "primary" }, "Sign in"),
  );
  return form;
}

function identityProvider(oidc: OidcAvailability, error: HTMLElement): HTMLElement | null {
  if (!oidc) return null;
  if ("unavailable" in oidc) {
    return h("p", { class: "help", id: "oidc-unavailable" }, `Sign-in through your identity provider is unavailable: ${oidc.unavailable}`);
  }
  const button = h("button", { type: "button", class: "primary" }, "Sign in with your identity provider");
  button.addEventListener("click", () => {
    error.textContent = "";
    button.disabled = true;
    beginSignIn(oidc).catch((e) => {
      button.disabled = false;
      error.textContent = `Not signed in: ${e}`;
    });
  });
  return h("div", { class: "oidc" }, button, h("p", { class: "help" }, "Or paste a token:"));
}
