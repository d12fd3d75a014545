import { api } from "../api";
import { h, replace } from "../dom";
import { field, select, showErrors } from "../form";

/** One audit record as `GET /api/logs` answers it; see the access docs for every field. */
type AuditRecord = Record<string, unknown>;

interface LogsPage {
  records: AuditRecord[];
  next_cursor: string | null;
}

const COLUMNS: [string, string][] = [
  ["time", "Time"],
  ["subject", "Subject"],
  ["target", "Target"],
  ["method", "Method"],
  ["item", "Item"],
  ["decision", "Decision"],
  ["outcome", "Outcome"],
  ["status", "Status"],
  ["duration_ms", "Duration (ms)"],
];

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The recent audit records of the replica that answers, newest first, with filters and paging. */
export function auditPage(): HTMLElement {
  const general = h("p", { class: "message", role: "alert" });
  const body = h("tbody");
  const detail = h("section", { class: "card", "aria-label": "Record detail", hidden: true });
  const more = h("button", { type: "button", hidden: true }, "More");
  const inputs = {
    user: h("input", { type: "text", autocomplete: "off" }),
    target: h("input", { type: "text", autocomplete: "off" }),
    method: h("input", { type: "text", autocomplete: "off" }),
    outcome: select(["", "ok", "denied", "error"]),
  };
  const pageSize = select(["10", "50", "200"], "50");
  const form = h(
    "form",
    { class: "card filters", novalidate: true },
    field("user", "User", inputs.user),
    field("target", "Target", inputs.target),
    field("method", "Method", inputs.method, "A JSON-RPC method, e.g. tools/call."),
    field("outcome", "Outcome", inputs.outcome),
    field("limit", "Per page", pageSize),
    h("button", { type: "submit", class: "primary" }, "Filter"),
  );
  let cursor: string | null = null;

  async function load(append: boolean): Promise<void> {
    general.textContent = "";
    const query = new URLSearchParams({ limit: pageSize.value });
    for (const [key, input] of Object.entries(inputs)) {
      if (input.value.trim()) query.set(key, input.value.trim());
    }
    if (append && cursor) query.set("cursor", cursor);
    try {
      const page = await api<LogsPage>("GET", `/api/logs?${query}`);
      const rows = page.records.map(row);
      if (append) body.append(...rows);
      else if (rows.length === 0)
        replace(body, h("tr", {}, h("td", { colspan: COLUMNS.length, class: "empty" }, "No record.")));
      else replace(body, rows);
      cursor = page.next_cursor;
      more.hidden = !cursor;
      body.dataset.loaded = "true";
    } catch (e) {
      showErrors(form, general, e);
    }
  }

  function row(r: AuditRecord): HTMLElement {
    const open = h("button", { type: "button", class: "link" }, text(r.time));
    open.addEventListener("click", () => show(r));
    return h(
      "tr",
      { "data-seq": text(r.seq), "data-method": text(r.method) },
      COLUMNS.map(([key], i) => h("td", {}, i === 0 ? open : text(r[key]))),
    );
  }

  function show(r: AuditRecord): void {
    replace(
      detail,
      h("h2", {}, `Record ${text(r.seq)}`),
      h(
        "dl",
        { class: "record" },
        Object.entries(r).flatMap(([key, value]) => [h("dt", {}, key), h("dd", {}, text(value))]),
      ),
    );
    detail.hidden = false;
    detail.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    cursor = null;
    void load(false);
  });
  more.addEventListener("click", () => void load(true));
  void load(false);
  return h(
    "section",
    {},
    h("h1", {}, "Audit log"),
    form,
    general,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        {},
        h("caption", {}, "Recent MCP requests and admin changes on this replica, newest first; a time opens the record"),
        h("thead", {}, h("tr", {}, COLUMNS.map(([, t]) => h("th", { scope: "col" }, t)))),
        body,
      ),
    ),
    more,
    detail,
  );
}
