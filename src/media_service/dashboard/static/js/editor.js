// The brief editor: a JSON request for POST /render/brief with line numbers, validation errors shown at
// their field (the 400 envelope names fields), a dry run, and a render followed to its preview.

import { API, ApiError, api } from "./api.js";
import { jsonLines, lineOf } from "./jsonmap.js";
import { outputPreviews } from "./preview.js";
import { submitAndFollow } from "./jobs.js";
import { badge, clear, errorBox, h, pageHead, progressBar, rawJson, seconds } from "./ui.js";

const DRAFT_ITEM = "media-service.editor-draft";

/** A 4-second explainer at preview quality: renders in seconds. */
export const STARTER = {
  brief: {
    id: "hello-dashboard", format: "explainer_v1", title: "Hello from the dashboard",
    sections: [
      { id: "intro", type: "intro", start_time_sec: 0, duration_sec: 2,
        content: { title: "Hello from the dashboard", subtitle: "Rendered at preview quality" } },
      { id: "outro", type: "outro", start_time_sec: 2, duration_sec: 2, content: { cta: "Made with the Media Service" } },
    ],
    style: { theme: "dark", primary_color: "#6366F1", accent_color: "#F59E0B" },
    settings: { duration_sec: 4, fps: 30 },
  },
  quality: "preview",
  output_format: "mp4",
};

/** Open the editor on `request` (the formats gallery's "use this"). */
export function openInEditor(request) {
  sessionStorage.setItem(DRAFT_ITEM, JSON.stringify(request, null, 2));
  location.hash = "#/editor";
}

export function editorView(main, signal) {
  const text = sessionStorage.getItem(DRAFT_ITEM) ?? JSON.stringify(STARTER, null, 2);
  const gutter = h("div.gutter", { "aria-hidden": "true" });
  const area = h("textarea.code#brief-json", { spellcheck: false, "aria-label": "Render request (JSON)" });
  area.value = text;
  const errors = h("ul.errors#brief-errors");
  const status = h("div#brief-status");
  const validateBtn = h("button.btn#brief-validate", { type: "button" }, "Validate (dry run)");
  const renderBtn = h("button.btn.primary#brief-render", { type: "button" }, "Render");
  const resetBtn = h("button.btn", { type: "button" }, "Reset");

  clear(main, pageHead("Brief editor", `POST ${API}/render/brief — edit the request, check it, render it.`, resetBtn, validateBtn, renderBtn),
    h("div.grid.two",
      h("div.card", h("div.editor", gutter, area), errors),
      h("div.card", h("h2", "Result"), status)));
  clear(status, h("p.muted", "Validate to check the brief without rendering, or render it to follow its progress here."));

  let bad = new Set();
  const paintGutter = () => {
    const count = area.value.split("\n").length;
    clear(gutter, Array.from({ length: count }, (_, n) => h(bad.has(n + 1) ? "div.bad" : "div", String(n + 1))));
    gutter.scrollTop = area.scrollTop;
  };
  area.addEventListener("input", () => { sessionStorage.setItem(DRAFT_ITEM, area.value); paintGutter(); });
  area.addEventListener("scroll", () => { gutter.scrollTop = area.scrollTop; });
  paintGutter();

  const goToLine = (n) => {
    const offset = area.value.split("\n").slice(0, n - 1).join("\n").length + (n > 1 ? 1 : 0);
    area.focus();
    area.setSelectionRange(offset, offset);
    area.scrollTop = Math.max(0, (n - 4) * 20);
  };

  const showErrors = (items) => {
    let lines = new Map();
    try { lines = jsonLines(area.value); } catch { /* shown by parse() */ }
    bad = new Set();
    clear(errors, items.map((e) => {
      const line = lineOf(lines, e.field);
      bad.add(line);
      return h("li", { dataset: { field: e.field, line: String(line) }, on: { click: () => goToLine(line) } },
        h("code", e.field), h("span.muted", ` · line ${line}`), h("div", e.message));
    }));
    paintGutter();
    if (items.length) goToLine(lineOf(lines, items[0].field));
  };

  const parse = () => {
    try {
      jsonLines(area.value);
      return JSON.parse(area.value);
    } catch (e) {
      showErrors([{ field: "body", message: e.message }]);
      if (e.line) { bad = new Set([e.line]); paintGutter(); goToLine(e.line); }
      return null;
    }
  };

  const busy = (on) => { validateBtn.disabled = renderBtn.disabled = on; };

  validateBtn.addEventListener("click", async () => {
    const body = parse();
    if (!body) return;
    busy(true);
    try {
      const checked = await api("render/brief", { method: "POST", body: { ...body, dry_run: true }, signal });
      showErrors([]);
      clear(status, h("div.row", badge("completed"), h("strong", "The brief is valid")),
        h("dl.kv", { style: "margin-top: 16px" }, h("dt", "Job type"), h("dd", checked.type), h("dt", "Queue"), h("dd", checked.queue),
          h("dt", "Estimated time"), h("dd", `${checked.estimated_duration_sec.toFixed(1)} s`)),
        rawJson(checked, "Normalised request (JSON)"));
    } catch (e) {
      report(e);
    } finally { busy(false); }
  });

  renderBtn.addEventListener("click", async () => {
    const body = parse();
    if (!body) return;
    busy(true);
    showErrors([]);
    const bar = h("div#brief-progress", progressBar(0));
    const step = h("span.muted", "Submitting…");
    const link = h("span");
    clear(status, h("div.row", link, h("span.spacer"), step), bar);
    const started = new Date().toISOString();
    try {
      let updates = 0;
      const job = await submitAndFollow("render/brief", body, (fraction, current, jobId) => {
        bar.dataset.updates = String(++updates);  // how many progress events the page showed
        clear(bar, progressBar(fraction));
        step.textContent = current ?? "";
        if (!link.childNodes.length) link.append(h("a#brief-job-link", { href: `#/jobs/${jobId}` }, `Job ${jobId}`));
      }, signal);
      clear(bar, progressBar(job.status === "completed" ? 1 : job.progress));
      step.replaceWith(badge(job.status));
      status.append(...[
        job.error ? errorBox(job.error) : null,
        job.status === "completed" ? h("p.muted.small", `Done in ${seconds(started, new Date().toISOString())}.`) : null,
        h("div.grid#brief-outputs", outputPreviews(job.result)),
        job.result ? rawJson(job.result, "Result (JSON)") : null].filter(Boolean));
    } catch (e) {
      report(e);
    } finally { busy(false); }
  });

  resetBtn.addEventListener("click", () => {
    sessionStorage.removeItem(DRAFT_ITEM);
    area.value = JSON.stringify(STARTER, null, 2);
    showErrors([]);
    clear(status, h("p.muted", "Back to the starter brief."));
  });

  function report(e) {
    if (e.name === "AbortError") return;
    if (e instanceof ApiError && e.fieldErrors.length) {
      showErrors(e.fieldErrors);
      clear(status, h("div.error-box#brief-invalid", { role: "alert" },
        h("strong", `${e.fieldErrors.length} field${e.fieldErrors.length > 1 ? "s" : ""} to fix`), " — shown at the field on the left."));
    } else {
      clear(status, errorBox(e));
    }
  }
}
