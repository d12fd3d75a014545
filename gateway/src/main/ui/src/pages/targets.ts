import { api, Me, Target } from "../api";
import { h, replace } from "../dom";
import { clearErrors, field, select, showErrors } from "../form";
import { envSection } from "./env";

const TRANSPORTS = ["streamable-http", "stdio", "sse", "kubernetes"];

/** The target list: admins get edit links and a create button, users a read-only list. */
export function targetsPage(me: Me): HTMLElement {
  const body = h("tbody");
  const message = h("p", { class: "message", role: "alert" });
  api<Target[]>("GET", "/api/targets")
    .then((targets) => {
      if (targets.length === 0) {
        replace(body, h("tr", {}, h("td", { colspan: 4, class: "empty" }, "No target yet.")));
        return;
      }
      replace(
        body,
        targets.map((t) =>
          h(
            "tr",
            { "data-target": t.name },
            h(
              "td",
              {},
              me.admin ? h("a", { href: `#/targets/${encodeURIComponent(t.name)}` }, t.name) : t.name,
            ),
            h("td", {}, t.transport_type),
            h("td", {}, h("code", {}, where(t))),
            h(
              "td",
              {},
              t.isolation_boundary ?? "per_user (default)",
              t.read_only ? h("span", { class: "help" }, " · static, read-only") : null,
            ),
          ),
        ),
      );
    })
    .catch((e) => (message.textContent = String(e.message ?? e)));
  return h(
    "section",
    {},
    h("h1", {}, me.admin ? "Targets" : "My targets"),
    me.admin ? h("p", {}, h("a", { href: "#/targets/new", class: "button primary" }, "New target")) : null,
    message,
    h(
      "table",
      {},
      h("caption", {}, "MCP servers reachable through this gateway"),
      h(
        "thead",
        {},
        h("tr", {}, ["Name", "Transport", "Server", "Isolation"].map((t) => h("th", { scope: "col" }, t))),
      ),
      body,
    ),
  );
}

function where(t: Target): string {
  if (t.url) return t.url;
  if (t.image) return t.image;
  if (t.command) return [t.command, ...(t.args ?? [])].flat().join(" ");
  return "";
}

/** Create (`name` null) or edit a target; the API's validation messages land on their fields. */
export function targetFormPage(name: string | null, navigate: (hash: string) => void): HTMLElement {
  const general = h("p", { class: "message", role: "alert" });
  const saved = h("p", { class: "saved", role: "status" });
  const inputs = {
    name: h("input", { type: "text", required: true, autocomplete: "off" }),
    transport_type: select(TRANSPORTS, "streamable-http"),
    url: h("input", { type: "text", autocomplete: "off" }),
    command: h("input", { type: "text", autocomplete: "off" }),
    args: h("textarea", { rows: 3 }),
    working_dir: h("input", { type: "text", autocomplete: "off" }),
    image: h("input", { type: "text", autocomplete: "off" }),
    port: h("input", { type: "text", inputmode: "numeric", autocomplete: "off" }),
    statefulness: select(["", "stateless", "stateful"]),
    isolation_boundary: select(["", "shared", "per_role", "per_group", "per_user"]),
    auth_type: select(["", "none", "bearer", "header"]),
    auth_header_name: h("input", { type: "text", autocomplete: "off" }),
  };
  const form = h(
    "form",
    { class: "card", novalidate: true },
    field("name", "Name", inputs.name, "Lower-case letters, digits and dashes; part of /mcp/{name}."),
    field("transport_type", "Transport", inputs.transport_type),
    field("url", "URL", inputs.url, "streamable-http and sse: the server's MCP endpoint."),
    field("command", "Command", inputs.command, "stdio: the program to start, e.g. npx."),
    field("args", "Arguments", inputs.args, "stdio: one argument per line."),
    field("working_dir", "Working directory", inputs.working_dir),
    field("image", "Image", inputs.image, "kubernetes: the container image."),
    field("port", "Port", inputs.port, "kubernetes: the port the server listens on."),
    field("statefulness", "Statefulness", inputs.statefulness),
    field("isolation_boundary", "Isolation", inputs.isolation_boundary),
    field("auth_type", "Upstream auth", inputs.auth_type),
    field("auth_header_name", "Auth header name", inputs.auth_header_name),
    general,
    saved,
    h("button", { type: "submit", class: "primary" }, name ? "Save" : "Create"),
  );
  const page = h("section", {}, h("h1", {}, name ? `Target ${name}` : "New target"), form);

  if (name) {
    inputs.name.value = name;
    inputs.name.readOnly = true;
    api<Target>("GET", `/api/targets/${encodeURIComponent(name)}`)
      .then((t) => {
        fill(inputs, t);
        form.dataset.loaded = "true";
        if (!t.read_only) {
          const del = h("button", { type: "button", class: "danger" }, "Delete target");
          del.addEventListener("click", async () => {
            if (!confirm(`Delete target ${name} and stop its instances?`)) return;
            try {
              await api("DELETE", `/api/targets/${encodeURIComponent(name)}`);
              navigate("#/targets");
            } catch (e) {
              showErrors(form, general, e);
            }
          });
          form.append(del);
        }
      })
      .catch((e) => showErrors(form, general, e));
    page.append(envSection(name));
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = "";
    saved.textContent = "";
    const body = collect(inputs);
    try {
      if (name) {
        await api("PUT", `/api/targets/${encodeURIComponent(name)}`, body);
        saved.textContent = "Saved.";
      } else {
        await api("POST", "/api/targets", body);
        navigate(`#/targets/${encodeURIComponent(String(body.name))}`);
      }
    } catch (err) {
      showErrors(form, general, err);
    }
  });
  return page;
}

type Inputs = Record<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;

function fill(inputs: Inputs, t: Target): void {
  for (const [key, input] of Object.entries(inputs)) {
    const value = t[key];
    if (value === undefined || value === null) continue;
    if (key === "args" && Array.isArray(value)) input.value = value.join("\n");
    else if (key === "command" && Array.isArray(value)) input.value = value.join(" ");
    else input.value = String(value);
  }
}

/** The request body: only filled-in fields, `args` one a line, `port` a number when it is one. */
function collect(inputs: Inputs): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, input] of Object.entries(inputs)) {
    const value = input.value.trim();
    if (value === "") continue;
    if (key === "args") body.args = value.split("\n").map((a) => a.trim()).filter(Boolean);
    else if (key === "port") body.port = /^\d+$/.test(value) ? Number(value) : value;
    else body[key] = value;
  }
  return body;
}
