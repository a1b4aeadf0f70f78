// account.js — who is playing: guest sign-in, accounts (register, log in, log out).
//
// What lives here: the top bar's "Playing as …" with its Log out (and, for a guest,
// Create account) buttons; the signed-out forms (play as a guest, log in, create an
// account); making a guest an account in place (POST /api/auth/register-guest keeps the
// same user: games, decks, campaign); and turning the server's refusals into sentences.
// What must not: the start screen's game choices (start.js).

import * as api from "./api.js";
import { confirmDialog, openDialog } from "./dialogs.js";
import { h, fill } from "./dom.js";
import { meaning } from "./errors.js";
import { clearGame, loadPrefs, loadSession, savePrefs } from "./store.js";
import { toast } from "./toast.js";

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

/** What went wrong with a sign-in or sign-up, as one sentence for the player. */
export function authErrorText(err) {
  switch (err.code) {
    case "authentication_failed":
      return "Wrong username or password.";
    case "username_taken":
      return "That username is taken: choose another one.";
    case "already_registered":
      return "This account already has a username and password.";
    case "invalid_request": {
      const problems = err.details?.problems || [err.message];
      return problems.map(problemText).join(" ");
    }
    default:
      return meaning(err.code);
  }
}

function problemText(problem) {
  const [where, ...rest] = String(problem).split(": ");
  const text = rest.join(": ").replace(/^Value error, /, "");
  const field = where.split(".").pop();
  if (field === "password" && /at least/.test(text)) return "The password is too short: use at least 8 characters.";
  if (field === "password") return `Password: ${text}.`;
  if (field === "username" && /at least/.test(text)) return "The username is too short: use at least 3 characters.";
  if (field === "username" && /pattern/.test(text)) return "A username may hold only letters, digits and _ . - (no spaces).";
  if (field === "username") return `Username: ${text}.`;
  if (field === "name") return `Display name: ${text}.`;
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : String(problem);
}

/** The checks the server makes too, answered before a round trip (null: fine). */
function localProblem(username, password) {
  if (username.length < 3) return "The username is too short: use at least 3 characters.";
  if (!USERNAME.test(username)) return "A username may hold only letters, digits and _ . - (no spaces), up to 32.";
  if (password.length < 8) return "The password is too short: use at least 8 characters.";
  if (password.toLowerCase() === username.toLowerCase()) return "The password must not be the username.";
  return null;
}

// --- the top bar ---------------------------------------------------------------------

/**
 * Draw "Playing as …" with its buttons into `el`; `onChange()` after a log-out. Creating an
 * account redraws only the bar: the same user goes on with whatever screen is open.
 */
export function renderWho(el, { onChange }) {
  const session = loadSession();
  if (!session) {
    fill(el, "");
    return;
  }
  const user = session.user;
  fill(
    el,
    h(
      "span",
      { class: "who-line" },
      "Playing as ",
      h("b", { dataset: { me: user.id } }, user.name),
      user.guest ? h("small", { class: "who-kind" }, " (guest)") : user.username && user.username !== user.name.toLowerCase() ? h("small", { class: "who-kind" }, ` (${user.username})`) : null,
    ),
    user.guest ? h("button", { type: "button", class: "top-btn", dataset: { register: "" }, onclick: () => registerDialog({ onDone: () => renderWho(el, { onChange }) }) }, "Create account") : null,
    h("button", { type: "button", class: "top-btn", dataset: { logout: "" }, onclick: () => logOut({ onDone: onChange }) }, "Log out"),
  );
}

async function logOut({ onDone }) {
  const session = loadSession();
  if (session?.user.guest) {
    const sure = await confirmDialog(
      "Log out of this guest account?",
      "A guest account has no password: once logged out, you cannot come back to its games, decks and campaign. Create an account first to keep them.",
      { yes: "Log out anyway", no: "Stay" },
    );
    if (!sure) return;
  }
  await api.signOut();
  clearGame();
  toast("You are logged out.");
  onDone();
}

// --- the forms -------------------------------------------------------------------------

function field(id, label, attrs) {
  return h("div", { class: "field" }, h("label", { for: id }, label), h("input", { id, name: attrs.name || id, ...attrs }));
}

/** A form whose submit runs `action(values)`; its errors show inside it (role=alert). */
function authForm({ id, title, intro, fields, submit, action }) {
  const error = h("p", { class: "form-error", role: "alert", dataset: { error: id } });
  const button = h("button", { type: "submit", class: "btn btn-primary" }, submit);
  const form = h(
    "form",
    { class: [title && "panel", "auth-form", `auth-${id}`], "aria-labelledby": title ? `${id}-title` : null, novalidate: true },
    title ? h("h2", { id: `${id}-title` }, title) : null,
    intro ? h("p", { class: "muted" }, intro) : null,
    fields,
    error,
    h("div", { class: "dialog-actions" }, button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    error.textContent = "";
    button.disabled = true;
    try {
      const problem = await action(values);
      if (problem) error.textContent = problem;
    } catch (err) {
      error.textContent = err instanceof api.ApiError ? authErrorText(err) : String(err.message || err);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/**
 * The signed-out start: play as a guest (first: it is the quickest way in), log in, or
 * create an account. `onSignedIn()` once a session is stored.
 */
export function signInForms({ onSignedIn }) {
  const prefs = loadPrefs();
  const guest = authForm({
    id: "guest",
    title: "Play as a guest",
    intro: "No account needed: you play under this name on this browser. You can create an account later and keep everything.",
    fields: field("name", "Your display name", { type: "text", name: "name", required: true, maxlength: 32, autocomplete: "nickname", value: prefs.name || "" }),
    submit: "Continue",
    action: async ({ name }) => {
      const clean = name.trim();
      if (!clean) return "Enter a name to play under.";
      await api.signInAsGuest(clean);
      savePrefs({ name: clean });
      onSignedIn();
      return null;
    },
  });
  const login = authForm({
    id: "login",
    title: "Log in",
    fields: [
      field("login-username", "Username", { type: "text", name: "username", required: true, maxlength: 32, autocomplete: "username", autocapitalize: "none", spellcheck: "false" }),
      field("login-password", "Password", { type: "password", name: "password", required: true, maxlength: 256, autocomplete: "current-password" }),
    ],
    submit: "Log in",
    action: async ({ username, password }) => {
      if (!username.trim() || !password) return "Enter your username and password.";
      await api.logIn(username.trim(), password);
      clearGame();
      onSignedIn();
      return null;
    },
  });
  const register = authForm({
    id: "signup",
    title: "Create an account",
    intro: "Log in from any browser and keep your decks, games and campaign.",
    fields: accountFields("signup", prefs.name),
    submit: "Create account",
    action: async ({ username, password, name }) => {
      const problem = localProblem(username.trim(), password);
      if (problem) return problem;
      await api.register(username.trim(), password, name.trim());
      clearGame();
      onSignedIn();
      return null;
    },
  });
  return h("div", { class: "auth-forms" }, guest, h("div", { class: "auth-pair" }, login, register));
}

function accountFields(prefix, name) {
  return [
    field(`${prefix}-username`, "Username (for logging in)", { type: "text", name: "username", required: true, minlength: 3, maxlength: 32, pattern: "[A-Za-z0-9_.\\-]+", autocomplete: "username", autocapitalize: "none", spellcheck: "false", "aria-describedby": `${prefix}-username-hint` }),
    h("small", { class: "hint", id: `${prefix}-username-hint` }, "3 to 32 letters, digits or _ . -"),
    field(`${prefix}-password`, "Password", { type: "password", name: "password", required: true, minlength: 8, maxlength: 256, autocomplete: "new-password", "aria-describedby": `${prefix}-password-hint` }),
    h("small", { class: "hint", id: `${prefix}-password-hint` }, "At least 8 characters; not a common password"),
    field(`${prefix}-name`, "Display name (others see it; optional)", { type: "text", name: "name", maxlength: 32, autocomplete: "nickname", value: name || "" }),
  ];
}

/** A guest keeps everything: the account is the same user, now with a password. */
export function registerDialog({ onDone }) {
  const session = loadSession();
  let dlg = null;
  const form = authForm({
    id: "upgrade",
    title: null,
    intro: "Your games, decks and campaign stay with you. Afterwards, log in with this username and password from any browser.",
    fields: accountFields("upgrade", session?.user.name),
    submit: "Create account",
    action: async ({ username, password, name }) => {
      const problem = localProblem(username.trim(), password);
      if (problem) return problem;
      const tokens = await api.registerGuest(username.trim(), password, name.trim());
      dlg.close();
      toast(`Account created: you are logged in as ${tokens.user.username}.`, { seconds: 5 });
      onDone();
      return null;
    },
  });
  dlg = openDialog({ title: "Create an account", body: form, slot: "account", className: "account-dialog" });
  form.querySelector("input")?.focus();
  return dlg;
}
