// Form helpers: labelled inputs whose error line the API's `field` names, so a refusal such as
// `{"field": "url", "message": "..."}` shows next to the URL input.
import { ApiError } from "./api";
import { h } from "./dom";

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled control with its help and error lines; `field` is the API's name for it. */
export function field(
  id: string,
  label: string,
  control: Control,
  help?: string,
): HTMLElement {
  control.id = id;
  control.name = id;
  const describedBy = [help ? `${id}-help` : "", `${id}-error`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", describedBy);
  return h(
    "div",
    { class: "field", "data-field": id },
    h("label", { for: id }, label),
    control,
    help ? h("p", { id: `${id}-help`, class: "help" }, help) : null,
    h("p", { id: `${id}-error`, class: "field-error" }),
  );
}

export function select(options: string[], value?: string): HTMLSelectElement {
  const el = h("select", {});
  for (const option of options) el.append(h("option", { value: option }, option));
  if (value !== undefined) el.value = value;
  return el;
}

/** Clears every error line of `form`. */
export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll<HTMLElement>(".field-error").forEach((el) => (el.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
}

/**
 * Shows an API error on the fields it names (`resources.limits.cpu` and `args[1]` land on the
 * field of their first segment); what names no field of the form goes to `general`.
 */
export function showErrors(form: HTMLElement, general: HTMLElement, error: unknown): void {
  if (!(error instanceof ApiError)) {
    general.textContent = String(error);
    return;
  }
  const unplaced: string[] = [];
  const problems = error.fields.length > 0 ? error.fields : [];
  for (const problem of problems) {
    const key = problem.field.split(/[.[]/)[0];
    const line = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"] .field-error`);
    if (line) {
      line.textContent = problem.message;
      form.querySelector(`#${CSS.escape(key)}`)?.setAttribute("aria-invalid", "true");
    } else {
      unplaced.push(`${problem.field}: ${problem.message}`);
    }
  }
  general.textContent =
    problems.length === 0 ? error.message : unplaced.length ? unplaced.join("; ") : "";
  const first = form.querySelector<HTMLElement>("[aria-invalid]");
  first?.focus();
}
