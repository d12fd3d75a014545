import { api, ApiError, Instance, Me } from "../api";
import { age, h, replace } from "../dom";
import { streamEvents } from "../events";

/**
 * Running instances, updated by the gateway's event stream (`/api/instances/events`): every change
 * of an instance or process pushes the whole list, so the page never asks again by itself.
 */
export function instancesPage(me: Me, signal: AbortSignal): HTMLElement {
  const status = h("p", { class: "live", role: "status", "aria-live": "polite" }, "connecting…");
  const message = h("p", { class: "message", role: "alert" });
  const body = h("tbody");
  const table = h(
    "table",
    { class: "instances" },
    h("caption", {}, me.admin ? "All instances" : "Your instances"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Target", "Transport", "Subject", "Phase", "Reason", "Age", "Last activity", "Endpoint", ""].map(
          (title) => h("th", { scope: "col" }, title),
        ),
      ),
    ),
    body,
  );
  let latest: Instance[] = [];

  const restart = async (button: HTMLButtonElement, path: string, what: string) => {
    button.disabled = true;
    message.textContent = "";
    try {
      await api("POST", path);
      message.textContent = `${what}: restarted`;
    } catch (e) {
      message.textContent = e instanceof ApiError ? `${what}: ${e.message}` : String(e);
      button.disabled = false;
    }
  };

  const render = (instances: Instance[]) => {
    latest = instances;
    const now = Date.now();
    if (instances.length === 0) {
      replace(body, h("tr", {}, h("td", { colspan: 9, class: "empty" }, "No instance runs now.")));
      return;
    }
    replace(
      body,
      instances.map((i) => {
        const button = h("button", { type: "button", "data-id": i.id }, "Restart");
        button.setAttribute("aria-label", `Restart ${i.target} instance ${i.id}`);
        button.addEventListener("click", () =>
          restart(button, `/api/instances/${encodeURIComponent(i.id)}/restart`, i.target),
        );
        return h(
          "tr",
          { "data-instance": i.id, "data-target": i.target },
          h("td", {}, i.target),
          h("td", {}, i.transport),
          h("td", {}, h("code", {}, i.subject_hash ?? "–")),
          h("td", {}, h("span", { class: `phase phase-${i.phase.toLowerCase()}` }, i.phase)),
          h("td", {}, i.reason ?? ""),
          h("td", { title: i.started_at ?? "", "data-since": i.started_at ?? "" }, age(i.started_at, now)),
          h(
            "td",
            { title: i.last_activity_at ?? "", "data-since": i.last_activity_at ?? "", "data-suffix": " ago" },
            age(i.last_activity_at, now) + " ago",
          ),
          h("td", {}, i.endpoint ?? ""),
          h("td", {}, i.restartable ? button : h("span", { class: "help" }, "shared")),
        );
      }),
    );
  };

  // Ages count on in the browser between pushes; this only rewrites text, it asks nothing.
  const ticker = setInterval(() => {
    const now = Date.now();
    body.querySelectorAll<HTMLElement>("td[data-since]").forEach((td) => {
      if (td.dataset.since) td.textContent = age(td.dataset.since, now) + (td.dataset.suffix ?? "");
    });
  }, 5000);
  signal.addEventListener("abort", () => clearInterval(ticker));

  const byTarget = h("div", { class: "actions" });
  if (me.admin) {
    const targetButtons = () => {
      const names = [...new Set(latest.map((i) => i.target))].sort();
      replace(
        byTarget,
        names.map((name) => {
          const b = h("button", { type: "button" }, `Restart all of ${name}`);
          b.addEventListener("click", () =>
            restart(b, `/api/targets/${encodeURIComponent(name)}/restart-instances`, name),
          );
          return b;
        }),
      );
    };
    const inner = render;
    const withButtons = (list: Instance[]) => {
      inner(list);
      targetButtons();
    };
    connect(withButtons);
  } else {
    connect(render);
  }

  // One stream for the page's life; when it drops (a gateway restart, say) it is opened again
  // after a growing pause, and a refused token sends the user back to sign in.
  function connect(show: (list: Instance[]) => void, pause = 1000) {
    if (signal.aborted) return;
    let refused = false;
    streamEvents(
      "/api/instances/events",
      (event, data) => {
        if (event === "instances") show(JSON.parse(data) as Instance[]);
      },
      (state, code) => {
        refused = code === 401 || code === 403;
        status.textContent =
          state === "live"
            ? "Live: updates arrive as instances change."
            : refused
              ? `Disconnected (HTTP ${code}): sign in again.`
              : "Disconnected; reconnecting…";
        status.className = state === "live" ? "live on" : "live off";
        if (state === "live") pause = 1000;
      },
      signal,
    )
      .catch(() => {
        if (!signal.aborted) status.textContent = "Disconnected; reconnecting…";
      })
      .finally(() => {
        if (!refused && !signal.aborted) setTimeout(() => connect(show, Math.min(pause * 2, 30000)), pause);
      });
  }

  return h(
    "section",
    {},
    h("h1", {}, me.admin ? "Instances" : "My instances"),
    status,
    byTarget,
    message,
    h("div", { class: "scroll" }, table),
  );
}
