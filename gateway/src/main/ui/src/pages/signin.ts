import { api, ApiError, Me, setToken } from "../api";
import { h } from "../dom";

/** The sign-in form: a token (an admin token or a JWT) checked against `GET /api/me`. */
export function signInPage(onSignedIn: (me: Me) => void, notice?: string): HTMLElement {
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
