// Small DOM helpers shared by the views: element builder, badges, progress bars, raw JSON, toasts.

/** h("div.card#id", {attrs, on: {click}}, ...children) → an element. */
export function h(spec, attrs = {}, ...children) {
  if (attrs === null || typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  const [, tag = "div", rest = ""] = spec.match(/^([a-z0-9]*)(.*)$/i);
  const el = document.createElement(tag || "div");
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === ".") el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "on") for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name === "style") el.style.cssText = value;  // CSSOM: the page's CSP refuses style attributes
    else if (name in el && typeof value !== "string") el[name] = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

export function pageHead(title, subtitle, ...actions) {
  return h("div.page-head", h("div", h("h1", title), subtitle ? h("p.muted", subtitle) : null), h("div.row", actions));
}

/** A status pill; `label` when the words differ from the status (health: "ready", "not configured"). */
export function badge(status, label = status) { return h(`span.badge.${status}`, { dataset: { status } }, label); }

export function progressBar(fraction) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction ?? 0)) * 100);
  return h(`div.progress${pct >= 100 ? ".done" : ""}`, { dataset: { pct: String(pct) } },
    h("div.bar", h("span", { style: `width: ${pct}%` })), h("span.pct", `${pct} %`));
}

export function updateProgress(el, fraction) { el.replaceWith(progressBar(fraction)); }

/** Raw JSON, folded away (never the main view). */
export function rawJson(value, label = "Raw JSON") {
  return h("details.raw", h("summary", label), h("pre", JSON.stringify(value, null, 2)));
}

export function errorBox(err) {
  const fields = err?.fieldErrors ?? [];
  return h("div.error-box", { role: "alert" }, h("strong", err?.code ?? "Error"), " — ", err?.message ?? String(err),
    fields.length ? h("ul", fields.map((f) => h("li", h("code", f.field), ": ", f.message))) : null);
}

export function toast(message, bad = false) {
  const el = h(`div.toast${bad ? ".bad" : ""}`, message);
  document.getElementById("toasts").append(el);
  setTimeout(() => el.remove(), 5000);
}

export function when(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

export function seconds(a, b) {
  if (!a || !b) return "—";
  const s = (new Date(b) - new Date(a)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function bytes(n) {
  if (n == null) return "—";
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function field(label, control, hint) {
  return h("div.field", h("label", label), control, hint ? h("span.muted.small", hint) : null);
}

export function select(name, options, value = "") {
  return h("select", { name }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
}
