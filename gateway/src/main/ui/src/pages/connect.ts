import { api, Me, Target } from "../api";
import { h, replace } from "../dom";

/** How to point an AI client at this gateway: the endpoints and a config snippet to paste. */
export function connectPage(me: Me): HTMLElement {
  const origin = location.origin;
  const list = h("div", {});
  api<Target[]>("GET", "/api/targets")
    .then((targets) => {
      const servers: Record<string, unknown> = {};
      for (const t of targets) {
        servers[t.name] = {
          type: "http",
          url: `${origin}/mcp/${t.name}`,
          headers: { Authorization: "Bearer ${REFLOW_TOKEN}" },
        };
      }
      replace(
        list,
        h("h2", {}, "Endpoints"),
        h(
          "ul",
          {},
          h("li", {}, h("code", {}, `${origin}/mcp`), " — every target you may use, as one server"),
          targets.map((t) => h("li", {}, h("code", {}, `${origin}/mcp/${t.name}`), ` — ${t.name} alone`)),
        ),
        h("h2", {}, "Client configuration"),
        h(
          "p",
          {},
          "Paste into your MCP client's configuration (Claude Desktop, Cursor and others read this shape); set REFLOW_TOKEN to the token you signed in with.",
        ),
        h("pre", { class: "snippet", tabindex: 0 }, JSON.stringify({ mcpServers: servers }, null, 2)),
      );
    })
    .catch((e) => replace(list, h("p", { class: "message" }, String(e.message ?? e))));
  return h(
    "section",
    {},
    h("h1", {}, "Connect a client"),
    h("p", {}, `Signed in as ${me.subject}${me.role ? ` (role ${me.role})` : ""}.`),
    list,
  );
}
