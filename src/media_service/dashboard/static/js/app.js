// The dashboard shell: sign-in with an API key (session storage only), the nav, and a hash router.

import { ApiError, checkKey, clearKey, getKey, setKey, whenUnauthorized } from "./api.js";
import { editorView } from "./editor.js";
import { formatsView, templatesView } from "./galleries.js";
import { healthView } from "./health.js";
import { jobDetailView, jobsView } from "./jobs.js";
import { clear, errorBox } from "./ui.js";
import { voicesView } from "./voices.js";

const $ = (id) => document.getElementById(id);
let controller = new AbortController();

const ROUTES = [
  [/^\/jobs\/([^/?]+)$/, (main, signal, m) => jobDetailView(main, signal, decodeURIComponent(m[1])), "jobs"],
  [/^\/jobs$/, (main, signal, _m, params) => jobsView(main, signal, params), "jobs"],
  [/^\/editor$/, (main, signal) => editorView(main, signal), "editor"],
  [/^\/templates$/, (main, signal) => templatesView(main, signal), "templates"],
  [/^\/formats$/, (main, signal) => formatsView(main, signal), "formats"],
  [/^\/voices$/, (main, signal) => voicesView(main, signal), "voices"],
  [/^\/health$/, (main, signal) => healthView(main, signal), "health"],
];

function route() {
  if (!getKey()) return showSignIn();
  controller.abort();  // ends the previous view's streams and timers
  controller = new AbortController();
  const [path, query = ""] = (location.hash.slice(1) || "/jobs").split("?");
  const found = ROUTES.find(([re]) => re.test(path)) ?? ROUTES[1];
  const main = $("main");
  document.querySelectorAll("#nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === found[2]));
  Promise.resolve(found[1](main, controller.signal, path.match(found[0]), new URLSearchParams(query)))
    .catch((e) => { if (e.name !== "AbortError") clear(main, errorBox(e)); });
  main.focus({ preventScroll: true });
}

function showSignIn(message) {
  controller.abort();
  $("shell").hidden = true;
  $("signin").hidden = false;
  const error = $("signin-error");
  error.hidden = !message;
  error.textContent = message ?? "";
  $("signin-key").focus();
}

function showShell() {
  $("signin").hidden = true;
  $("shell").hidden = false;
  route();
}

$("signin-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const key = $("signin-key").value.trim();
  const button = $("signin-submit");
  button.disabled = true;
  try {
    await checkKey(key);
    setKey(key);
    $("signin-key").value = "";
    showShell();
  } catch (err) {
    const msg = err instanceof ApiError && err.status === 401 ? "That API key was not accepted. Check it and try again."
      : err instanceof ApiError && err.status === 403 ? "This key cannot read jobs (it needs the read scope)."
        : `Could not sign in: ${err.message}`;
    showSignIn(msg);
  } finally { button.disabled = false; }
});

$("signout").addEventListener("click", () => { clearKey(); showSignIn(); });
whenUnauthorized(() => { clearKey(); showSignIn("Your key is no longer accepted. Sign in again."); });
window.addEventListener("hashchange", () => { if (getKey()) route(); });

if (getKey()) showShell(); else showSignIn();
