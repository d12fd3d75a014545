import { api } from "../api";
import { h, replace } from "../dom";
import { clearErrors, field, select, showErrors } from "../form";
import { accessCheck } from "./access";

/** One subject of a policy, as the API names it. */
interface Subject {
  subject_type: string;
  subject_value?: string;
}

/** A policy as `GET /api/policies` answers it. */
interface Policy {
  id: string;
  name?: string;
  description?: string;
  target_id?: string;
  resource_type?: string;
  resource_pattern?: string;
  effect: string;
  priority?: number;
  enabled?: boolean;
  subjects?: Subject[];
  read_only?: boolean;
  [key: string]: unknown;
}

/** "user:alice", "role:dev", "everyone": one subject a line in the form and in the list. */
function subjectText(s: Subject): string {
  return s.subject_value ? `${s.subject_type}:${s.subject_value}` : s.subject_type;
}

/** The policy list, highest priority first as the gateway evaluates them; ids open the form. */
export function policiesPage(): HTMLElement {
  const body = h("tbody");
  const message = h("p", { class: "message", role: "alert" });
  api<Policy[]>("GET", "/api/policies")
    .then((policies) => {
      if (policies.length === 0) {
        replace(
          body,
          h("tr", {}, h("td", { colspan: 8, class: "empty" }, "No policy: every caller may use everything.")),
        );
        return;
      }
      const sorted = [...policies].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
      replace(
        body,
        sorted.map((p) =>
          h(
            "tr",
            { "data-policy": p.id },
            h(
              "td",
              {},
              h("a", { href: `#/policies/${encodeURIComponent(p.id)}` }, p.name || p.id),
              p.read_only ? h("span", { class: "badge" }, "static, read-only") : null,
            ),
            h("td", {}, p.effect),
            h("td", {}, String(p.priority ?? 0)),
            h("td", {}, p.target_id ?? "every target"),
            h("td", {}, p.resource_type ?? "all"),
            h("td", {}, p.resource_pattern ? h("code", {}, p.resource_pattern) : "everything"),
            h("td", {}, (p.subjects ?? []).map(subjectText).join(", ")),
            h("td", {}, p.enabled === false ? "no" : "yes"),
          ),
        ),
      );
    })
    .catch((e) => (message.textContent = String(e.message ?? e)));
  const columns = ["Name", "Effect", "Priority", "Target", "Type", "Pattern", "Subjects", "Enabled"];
  return h(
    "section",
    {},
    h("h1", {}, "Policies"),
    h("p", {}, h("a", { href: "#/policies/new", class: "button primary" }, "New policy")),
    message,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        {},
        h("caption", {}, "Access policies: the first matching one decides; none matching denies"),
        h("thead", {}, h("tr", {}, columns.map((t) => h("th", { scope: "col" }, t)))),
        body,
      ),
    ),
    accessCheck(),
  );
}

/** Create (`id` null) or edit a policy; the API's validation messages land on their fields. */
export function policyFormPage(id: string | null, navigate: (hash: string) => void): HTMLElement {
  const general = h("p", { class: "message", role: "alert" });
  const saved = h("p", { class: "saved", role: "status" });
  const enabled = h("input", { type: "checkbox", checked: true });
  const inputs = {
    id: h("input", { type: "text", autocomplete: "off" }),
    name: h("input", { type: "text", autocomplete: "off" }),
    description: h("input", { type: "text", autocomplete: "off" }),
    effect: select(["deny", "allow"], "deny"),
    priority: h("input", { type: "text", inputmode: "numeric", autocomplete: "off" }),
    target_id: h("input", { type: "text", autocomplete: "off" }),
    resource_type: select(["all", "tool", "prompt", "resource"], "all"),
    resource_pattern: h("input", { type: "text", autocomplete: "off" }),
    subjects: h("textarea", { rows: 3 }),
  };
  const form = h(
    "form",
    { class: "card", novalidate: true },
    field("id", "Id", inputs.id, "Letters, digits, '.', '_' and '-'; left empty, the gateway picks one."),
    field("name", "Name", inputs.name),
    field("description", "Description", inputs.description),
    field("effect", "Effect", inputs.effect),
    field("priority", "Priority", inputs.priority, "An integer, default 0; higher is evaluated first."),
    field("target_id", "Target", inputs.target_id, "Empty: every target."),
    field("resource_type", "Resource type", inputs.resource_type),
    field(
      "resource_pattern",
      "Pattern",
      inputs.resource_pattern,
      "An RE2 regular expression searched in the tool or prompt name or resource URI; anchor it (^echo$) for an exact name.",
    ),
    field(
      "subjects",
      "Subjects",
      inputs.subjects,
      "One a line: user:NAME, role:NAME, group:NAME or everyone.",
    ),
    field("enabled", "Enabled", enabled),
    general,
    saved,
    h("button", { type: "submit", class: "primary" }, id ? "Save" : "Create"),
  );
  const page = h("section", {}, h("h1", {}, id ? `Policy ${id}` : "New policy"), form);

  if (id) {
    inputs.id.value = id;
    inputs.id.readOnly = true;
    api<Policy>("GET", `/api/policies/${encodeURIComponent(id)}`)
      .then((p) => {
        for (const [key, input] of Object.entries(inputs)) {
          const value = p[key];
          if (key === "subjects") input.value = (p.subjects ?? []).map(subjectText).join("\n");
          else if (value !== undefined && value !== null) input.value = String(value);
        }
        enabled.checked = p.enabled !== false;
        form.dataset.loaded = "true";
        if (p.read_only) {
          general.textContent = "A static policy from the config file: it cannot be changed here.";
          form.querySelector<HTMLButtonElement>("button[type=submit]")!.disabled = true;
          return;
        }
        const del = h("button", { type: "button", class: "danger" }, "Delete policy");
        del.addEventListener("click", async () => {
          if (!confirm(`Delete policy ${id}?`)) return;
          try {
            await api("DELETE", `/api/policies/${encodeURIComponent(id)}`);
            navigate("#/policies");
          } catch (e) {
            showErrors(form, general, e);
          }
        });
        form.append(del);
      })
      .catch((e) => showErrors(form, general, e));
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = "";
    saved.textContent = "";
    const body = collect(inputs, enabled.checked);
    try {
      if (id) {
        await api("PUT", `/api/policies/${encodeURIComponent(id)}`, body);
        saved.textContent = "Saved.";
      } else {
        await api("POST", "/api/policies", body);
        navigate("#/policies");
      }
    } catch (err) {
      showErrors(form, general, err);
    }
  });
  return page;
}

type Inputs = Record<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;

/** The request body: filled-in fields only; the API checks them and names the one at fault. */
function collect(inputs: Inputs, enabled: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { enabled };
  for (const [key, input] of Object.entries(inputs)) {
    const value = input.value.trim();
    if (value === "") continue;
    if (key === "priority") body.priority = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (key === "subjects") body.subjects = value.split("\n").map((l) => l.trim()).filter(Boolean).map(subject);
    else body[key] = value;
  }
  return body;
}

/** "role:dev" → `{subject_type: "role", subject_value: "dev"}`; "everyone" has no value. */
function subject(line: string): Subject {
  const at = line.indexOf(":");
  if (at < 0) return { subject_type: line };
  return { subject_type: line.slice(0, at).trim(), subject_value: line.slice(at + 1).trim() };
}
