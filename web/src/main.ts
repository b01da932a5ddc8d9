// The application shell: sign-in, navigation by role and a hash router (#/queue, #/declarations/ID, ...), so the
// server only has to serve files. A page the role may not see is neither in the navigation nor rendered.
import "./style.css";
import { ApiError, api, setToken, token, type Me } from "./api";
import { disposeCharts } from "./charts";
import { h, notice, replace } from "./dom";
import { renderLogin } from "./pages/login";
import { renderDashboard } from "./pages/dashboard";
import { renderQueue } from "./pages/queue";
import { renderDeclaration } from "./pages/declaration";
import { renderRules } from "./pages/rules";
import { renderModels } from "./pages/models";
import { renderAlerts } from "./pages/alerts";
import { renderAudits } from "./pages/audits";

export interface PageContext {
  me: Me;
  params: string[];
  can: (permission: string) => boolean;
}

interface Page {
  path: string; // first segment of the hash
  title: string;
  permission: string;
  nav: boolean;
  render: (root: HTMLElement, context: PageContext) => Promise<void>;
  refreshSeconds?: number; // drawn again this often while shown (live data), unless the user is typing
}

const PAGES: Page[] = [
  { path: "dashboard", title: "Dashboard", permission: "read_dashboard", nav: true, render: renderDashboard, refreshSeconds: 60 },
  { path: "queue", title: "Queue", permission: "read_queue", nav: true, render: renderQueue, refreshSeconds: 30 },
  { path: "declarations", title: "Declaration", permission: "read_declaration", nav: false, render: renderDeclaration },
  { path: "rules", title: "Rules", permission: "read_rules", nav: true, render: renderRules },
  { path: "models", title: "Models", permission: "read_models", nav: true, render: renderModels },
  { path: "alerts", title: "Alerts", permission: "read_alerts", nav: true, render: renderAlerts },
  { path: "audits", title: "Audits", permission: "read_audits", nav: true, render: renderAudits },
  { path: "cargo", title: "Cargo", permission: "read_cargo", nav: true, render: async (root, context) => (await import("./pages/cargo")).renderCargo(root, context), refreshSeconds: 20 },
];

const app = document.getElementById("app")!;
let me: Me | null = null;
let rendering = 0;

function can(permission: string): boolean {
  return me !== null && (me.role === "admin" || me.permissions.includes(permission));
}

function segments(): string[] {
  return location.hash.replace(/^#\/?/, "").split("?")[0].split("/").filter(Boolean).map(decodeURIComponent);
}

function shell(active: string): HTMLElement {
  const main = h("main", { id: "page" });
  const links = PAGES.filter((p) => p.nav && can(p.permission)).map((p) =>
    h("a", { href: `#/${p.path}`, class: p.path === active ? "active" : null, "data-nav": p.path }, p.title),
  );
  const signOut = h("button", { class: "link", onclick: () => signOutNow() }, "Sign out");
  const header = h(
    "header",
    { class: "top" },
    h("a", { class: "brand", href: "#/" }, "Aduana"),
    h("nav", null, links),
    h("span", { class: "who", "data-testid": "who" }, `${me!.name} · ${me!.role}`),
    signOut,
  );
  replace(app, header, main);
  return main;
}

function signOutNow(): void {
  setToken(null);
  me = null;
  location.hash = "#/login";
  void route();
}

async function signIn(candidate: string): Promise<void> {
  me = await api.me(candidate);
  setToken(candidate);
  const first = PAGES.find((p) => p.nav && can(p.permission));
  location.hash = first ? `#/${first.path}` : "#/";
  await route();
}

let refreshing = false;

// Draws the page again after `seconds` if it is still the one shown and nobody is typing in it.
function scheduleRefresh(ticket: number, seconds: number): void {
  window.setTimeout(() => {
    if (ticket !== rendering || document.hidden) return;
    const active = document.activeElement;
    if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) {
      scheduleRefresh(ticket, seconds);
      return;
    }
    refreshing = true;
    void route().finally(() => (refreshing = false));
  }, seconds * 1000);
}

async function route(): Promise<void> {
  const ticket = ++rendering;
  disposeCharts();
  if (!me && token()) {
    try {
      me = await api.me(token()!);
    } catch {
      setToken(null);
    }
  }
  if (!me) {
    renderLogin(app, signIn);
    return;
  }
  const [path = "", ...params] = segments();
  const page = PAGES.find((p) => p.path === path) ?? PAGES.find((p) => p.nav && can(p.permission));
  const main = shell(page?.path ?? "");
  if (!page) {
    replace(main, notice("info", "Your role has no pages here."));
    return;
  }
  if (!can(page.permission)) {
    replace(main, h("h1", null, page.title), notice("error", `Your role (${me.role}) may not see this page.`));
    main.dataset.forbidden = "true";
    return;
  }
  document.title = `${page.title} · Aduana`;
  const scroll = window.scrollY;
  try {
    await page.render(main, { me, params, can });
    if (refreshing) window.scrollTo(0, scroll);
    if (page.refreshSeconds) scheduleRefresh(ticket, page.refreshSeconds);
  } catch (error) {
    if (ticket !== rendering) return;
    if (error instanceof ApiError && error.status === 401) return signOutNow();
    const message = error instanceof Error ? error.message : String(error);
    main.appendChild(notice("error", message));
  }
}

window.addEventListener("hashchange", () => void route());
void route();
