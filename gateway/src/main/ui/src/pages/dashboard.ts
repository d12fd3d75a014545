import { api, Instance } from "../api";
import { h, replace } from "../dom";
import { perTarget, parse, total } from "../metrics";

/** The gateway's own figures, read when the page opens or on Refresh (never on a timer). */
export function dashboardPage(): HTMLElement {
  const tiles = h("div", { class: "tiles" });
  const body = h("tbody");
  const message = h("p", { class: "message", role: "alert" });
  const refresh = h("button", { type: "button" }, "Refresh");

  const load = async () => {
    message.textContent = "";
    try {
      const [res, instances] = await Promise.all([
        fetch("/observe/metrics", { cache: "no-store" }),
        api<Instance[]>("GET", "/api/instances"),
      ]);
      if (!res.ok) throw new Error(`/observe/metrics answered ${res.status}`);
      const samples = parse(await res.text());
      const figures = perTarget(samples);
      const tile = (label: string, value: string) =>
        h("div", { class: "tile" }, h("span", { class: "tile-value" }, value), h("span", {}, label));
      replace(
        tiles,
        tile("MCP requests", String(total(samples, "reflow_mcp_requests_total"))),
        tile("error answers", String(figures.reduce((a, f) => a + f.errors, 0))),
        tile("upstream failures", String(total(samples, "reflow_mcp_upstream_errors_total"))),
        tile("sessions", String(total(samples, "reflow_mcp_sessions_active"))),
        tile("instances", String(instances.length)),
      );
      const ms = (s: number | null) => (s === null ? "–" : s === Infinity ? "> top bucket" : `${Math.round(s * 1000)} ms`);
      replace(
        body,
        figures.length === 0
          ? h("tr", {}, h("td", { colspan: 6, class: "empty" }, "No MCP request yet."))
          : figures.map((f) =>
              h(
                "tr",
                { "data-target": f.target },
                h("td", {}, f.target),
                h("td", {}, String(f.requests)),
                h("td", {}, String(f.errors)),
                h("td", {}, String(f.upstreamErrors)),
                h("td", {}, ms(f.meanSeconds)),
                h("td", {}, ms(f.p95Seconds)),
              ),
            ),
      );
    } catch (e) {
      message.textContent = String((e as Error).message ?? e);
    }
  };
  refresh.addEventListener("click", load);
  load();
  return h(
    "section",
    {},
    h("h1", {}, "Dashboard"),
    h("p", { class: "help" }, "Figures of this gateway replica since it started."),
    refresh,
    message,
    tiles,
    h(
      "table",
      {},
      h("caption", {}, "MCP traffic per target"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Target", "Requests", "Error answers", "Upstream failures", "Mean latency", "p95 latency (bucket)"].map(
            (t) => h("th", { scope: "col" }, t),
          ),
        ),
      ),
      body,
    ),
  );
}
