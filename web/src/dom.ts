// A small DOM builder: h("div", {class: "card"}, "text", child). Text is always set as text, never as HTML, so
// data from the store (names, free text of inspections) cannot inject markup.

import { describe } from "./api";

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    } else if (name === "value" && "value" in element) {
      (element as HTMLInputElement).value = String(value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

export function replace(element: Element, ...children: Child[]): void {
  clear(element);
  append(element, children);
}

// A table from rows: columns give the header and how to render a cell.
export interface Column<T> {
  title: string;
  cell: (row: T) => Child;
  numeric?: boolean;
}

export function table<T>(rows: T[], columns: Column<T>[], attrs?: Attrs): HTMLTableElement {
  return h(
    "table",
    attrs ?? null,
    h("thead", null, h("tr", null, columns.map((c) => h("th", c.numeric ? { class: "num" } : null, c.title)))),
    h(
      "tbody",
      null,
      rows.map((row) => h("tr", null, columns.map((c) => h("td", c.numeric ? { class: "num" } : null, c.cell(row))))),
    ),
  );
}

export function card(title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "card" }, h("h2", null, title), ...children);
}

export function notice(kind: "error" | "info", text: string): HTMLElement {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

// Runs `action` with the form's data when the form is sent; its error, if any, is shown in `message`.
export function onSubmit(form: HTMLFormElement, message: HTMLElement, action: (data: FormData) => Promise<void>): void {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(message);
    try {
      await action(new FormData(form));
    } catch (error) {
      replace(message, notice("error", describe(error)));
    }
  });
}
