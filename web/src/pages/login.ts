// Sign-in with an API token (issued by an administrator: `aduana tokens create`, POST /v1/tokens). The token stays
// in this tab's session storage only.
import { ApiError } from "../api";
import { h, notice, replace } from "../dom";

export function renderLogin(root: HTMLElement, signIn: (token: string) => Promise<void>): void {
  const input = h("input", {
    id: "token",
    type: "password",
    name: "token",
    autocomplete: "off",
    placeholder: "adu_…",
    required: true,
  });
  const message = h("div", { class: "message" });
  const form = h(
    "form",
    { class: "login card" },
    h("h1", null, "Aduana"),
    h("p", null, "Customs risk management. Sign in with the access token your administrator issued."),
    h("label", { for: "token" }, "Access token"),
    input,
    h("button", { type: "submit" }, "Sign in"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(message);
    try {
      await signIn(input.value.trim());
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 401 ? "This token is not valid (revoked or mistyped)." : String(error);
      replace(message, notice("error", text));
    }
  });
  replace(root, h("div", { class: "login-wrap" }, form));
  document.title = "Sign in · Aduana";
  input.focus();
}
