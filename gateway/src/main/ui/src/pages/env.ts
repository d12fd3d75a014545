import { api } from "../api";
import { h, replace } from "../dom";
import { clearErrors, field, select, showErrors } from "../form";

type EnvConfigs = Record<string, Record<string, string>>;

/**
 * Env configs of a target per scope (default, role/R, group/G, user/U). Values are write-only:
 * the API answers keys with masked values, and so does this page.
 */
export function envSection(target: string): HTMLElement {
  const base = `/api/targets/${encodeURIComponent(target)}/env`;
  const list = h("div", { class: "env-list" });
  const general = h("p", { class: "message", role: "alert" });
  const saved = h("p", { class: "saved", role: "status" });

  const load = () =>
    api<EnvConfigs>("GET", base)
      .then((configs) => {
        const scopes = Object.keys(configs).sort();
        if (scopes.length === 0) {
          replace(list, h("p", { class: "empty" }, "No env config yet."));
          return;
        }
        replace(
          list,
          scopes.map((scope) => {
            const remove = h("button", { type: "button", class: "danger" }, `Delete ${scope}`);
            remove.addEventListener("click", async () => {
              try {
                await api("DELETE", `${base}/${scope}`);
                load();
              } catch (e) {
                general.textContent = String((e as Error).message);
              }
            });
            return h(
              "div",
              { class: "env-scope", "data-scope": scope },
              h("h3", {}, scope),
              h(
                "dl",
                {},
                Object.entries(configs[scope]).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]),
              ),
              remove,
            );
          }),
        );
      })
      .catch((e) => (general.textContent = String(e.message ?? e)));

  const kind = select(["default", "role", "group", "user"], "default");
  const scopeName = h("input", { type: "text", autocomplete: "off", disabled: true });
  kind.addEventListener("change", () => (scopeName.disabled = kind.value === "default"));
  const rows = h("div", { class: "env-rows" });
  const addRow = () => {
    const n = rows.children.length;
    rows.append(
      h(
        "div",
        { class: "env-row" },
        field(`env-key-${n}`, "Name", h("input", { type: "text", autocomplete: "off", class: "env-key" })),
        field(
          `env-value-${n}`,
          "Value",
          h("input", { type: "password", autocomplete: "new-password", class: "env-value" }),
        ),
      ),
    );
  };
  addRow();
  const more = h("button", { type: "button" }, "Add a variable");
  more.addEventListener("click", addRow);
  const form = h(
    "form",
    { class: "card", novalidate: true },
    h("h2", {}, "Env configs"),
    h(
      "p",
      { class: "help" },
      "Saving a scope replaces all its values. Values are never shown again: the gateway only says which names are set.",
    ),
    list,
    h("h3", {}, "Set a scope"),
    field("env-scope-kind", "Scope", kind),
    field("env-scope-name", "Role, group or user name", scopeName),
    rows,
    more,
    general,
    saved,
    h("button", { type: "submit", class: "primary" }, "Save env config"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = "";
    saved.textContent = "";
    const values: Record<string, string> = {};
    rows.querySelectorAll(".env-row").forEach((row) => {
      const key = (row.querySelector(".env-key") as HTMLInputElement).value.trim();
      const value = (row.querySelector(".env-value") as HTMLInputElement).value;
      if (key) values[key] = value;
    });
    const scope = kind.value === "default" ? "default" : `${kind.value}/${scopeName.value.trim()}`;
    try {
      await api("PUT", `${base}/${scope.split("/").map(encodeURIComponent).join("/")}`, values);
      rows.querySelectorAll<HTMLInputElement>("input").forEach((i) => (i.value = ""));
      saved.textContent = `Saved ${scope}.`;
      load();
    } catch (err) {
      showErrors(form, general, err);
    }
  });
  load();
  return form;
}
