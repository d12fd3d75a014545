import { AccessReport, api, Me, TargetAccess } from "../api";
import { h, replace } from "../dom";
import { clearErrors, field, showErrors } from "../form";

/** Names as a list of code items, or "none". */
function names(items: string[] | undefined): HTMLElement {
  if (!items || items.length === 0) return h("span", { class: "empty" }, "none");
  return h("ul", { class: "names" }, items.map((n) => h("li", {}, h("code", {}, n))));
}

/** Resources can be many: a count that opens to the list. */
function many(items: string[] | undefined, what: string): HTMLElement {
  if (!items || items.length === 0) return h("span", { class: "empty" }, "none");
  return h("details", {}, h("summary", {}, `${items.length} ${what}`), names(items));
}

/** The cells of a usable target's items, or of why they could not be listed. */
function itemCells(t: TargetAccess): HTMLElement[] {
  if (t.error) {
    return [h("td", { colspan: 4, class: "message" }, `Could not list its items: ${t.error}`)];
  }
  return [
    h("td", {}, names(t.tools), t.truncated ? h("p", { class: "help" }, "Longer lists were cut.") : null),
    h("td", {}, names(t.prompts)),
    h("td", {}, many(t.resources, "resources")),
    h("td", {}, many(t.resource_templates, "templates")),
  ];
}

/** Why a target is usable or not, as the admin's report says. */
function decision(t: TargetAccess): string {
  const by = t.decision?.policy_id ? ` (policy ${t.decision.policy_id})` : "";
  if (t.usable) return `usable${by}`;
  return t.decision?.reason === "no_match" ? "not usable: no policy allows it" : `not usable${by}`;
}

/** Every target of the report, usable or not, with what decided it: the admin's view. */
function reportTable(report: AccessReport): HTMLElement {
  const who = report.identity;
  const caption = `What ${who.subject}${who.role ? ` (role ${who.role})` : ""}${
    who.groups.length ? ` in ${who.groups.join(", ")}` : ""
  } may use${who.admin ? ": an admin, so everything" : ""}`;
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { "data-report": who.subject },
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h("tr", {}, ["Target", "Access", "Tools", "Prompts", "Resources", "Templates"].map((t) => h("th", { scope: "col" }, t))),
      ),
      h(
        "tbody",
        {},
        report.targets.map((t) =>
          h(
            "tr",
            { "data-target": t.name, "data-usable": String(t.usable) },
            h("th", { scope: "row" }, t.name),
            h("td", {}, decision(t)),
            t.usable ? itemCells(t) : h("td", { colspan: 4, class: "empty" }, "–"),
          ),
        ),
      ),
    ),
  );
}

/** The policies page's form: an identity in, the targets and items it may use out. */
export function accessCheck(): HTMLElement {
  const general = h("p", { class: "message", role: "alert" });
  const result = h("div", { role: "status" });
  const inputs = {
    user: h("input", { type: "text", autocomplete: "off" }),
    role: h("input", { type: "text", autocomplete: "off" }),
    groups: h("input", { type: "text", autocomplete: "off" }),
  };
  const form = h(
    "form",
    { class: "card access-check", novalidate: true, "aria-labelledby": "access-check" },
    h("h2", { id: "access-check" }, "What can this identity use?"),
    h(
      "p",
      { class: "help" },
      "Decided with the policies above, on the items each target lists now. Targets are listed with your admin token.",
    ),
    field("user", "User", inputs.user, "The subject (sub claim) of the user."),
    field("role", "Role", inputs.role, "Optional."),
    field("groups", "Groups", inputs.groups, "Optional, comma-separated."),
    general,
    h("button", { type: "submit", class: "primary" }, "Check"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = "";
    replace(result, h("p", { class: "help" }, "Listing the targets…"));
    const query = new URLSearchParams();
    for (const [key, input] of Object.entries(inputs)) {
      const value = input.value.trim();
      if (value !== "" || key === "user") query.set(key, value);
    }
    try {
      const report = await api<AccessReport>("GET", `/api/access/effective?${query}`);
      replace(result, reportTable(report));
    } catch (err) {
      replace(result);
      showErrors(form, general, err);
    }
  });
  return h("section", {}, form, result);
}

/** The user's own page: only the targets they may use, each with the items they may use. */
export function myTargetsPage(me: Me): HTMLElement {
  const body = h("tbody");
  const message = h("p", { class: "message", role: "alert" });
  api<AccessReport>("GET", "/api/me/access")
    .then((report) => {
      const usable = report.targets.filter((t) => t.usable);
      if (usable.length === 0) {
        replace(body, h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No target you may use.")));
      } else {
        replace(
          body,
          usable.map((t) => h("tr", { "data-target": t.name }, h("th", { scope: "row" }, t.name), itemCells(t))),
        );
      }
      body.dataset.loaded = "true";
    })
    .catch((e) => (message.textContent = String(e.message ?? e)));
  return h(
    "section",
    {},
    h("h1", {}, "My targets"),
    h("p", {}, `The MCP servers you may use through this gateway (signed in as ${me.subject}), and what the policies let you use on each.`),
    message,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        {},
        h("caption", {}, "Targets you may use, with the tools, prompts and resources the policies allow you"),
        h(
          "thead",
          {},
          h("tr", {}, ["Target", "Tools", "Prompts", "Resources", "Templates"].map((t) => h("th", { scope: "col" }, t))),
        ),
        body,
      ),
    ),
  );
}
