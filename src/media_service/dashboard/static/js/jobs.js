// Jobs: the table (live over the events WebSocket), filters by type/status/parent, and a job's detail
// (progress over SSE, preview, logs, events, webhook deliveries, input, result, cancel, redeliver).

import { API, api, followEvents, getKey } from "./api.js";
import { outputPreviews } from "./preview.js";
import { badge, clear, errorBox, field, h, pageHead, progressBar, rawJson, seconds, select, toast, when } from "./ui.js";

const STATUSES = ["queued", "processing", "completed", "failed", "cancelled", "timeout"];
const TERMINAL = new Set(["completed", "failed", "cancelled", "timeout"]);
const STATE_EVENTS = new Set(["job.queued", "job.started", "job.retrying", "job.cancel_requested", "job.completed",
  "job.failed", "job.cancelled", "job.timeout"]);

/** Opens the events WebSocket for every job (key in the `bearer.<key>` subprotocol, never in the URL). */
function liveSocket(onEvent, signal) {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${API}/events?all=true`;
  let socket;
  const open = (attempt = 0) => {
    if (signal.aborted) return;
    socket = new WebSocket(url, ["events.v1", `bearer.${getKey()}`]);
    socket.onmessage = (m) => { const msg = JSON.parse(m.data); if (msg.job_id) onEvent(msg); };
    socket.onclose = () => { if (!signal.aborted && attempt < 20) setTimeout(() => open(attempt + 1), 2000); };
  };
  open();
  signal.addEventListener("abort", () => socket?.close());
}

function row(job, refresh) {
  const tr = h("tr", { dataset: { jobId: job.id }, on: { click: () => { location.hash = `#/jobs/${job.id}`; } } },
    h("td.mono", h("a", { href: `#/jobs/${job.id}` }, job.id)),
    h("td", job.type, job.child_key ? h("span.muted.small", ` · ${job.child_key}`) : null),
    h("td", badge(job.status)),
    h("td", progressBar(job.progress)),
    h("td.muted", when(job.created_at)),
    h("td.muted", TERMINAL.has(job.status) ? seconds(job.started_at ?? job.created_at, job.completed_at) : job.current_step ?? ""));
  tr.refresh = refresh;
  return tr;
}

export async function jobsView(main, signal, params) {
  const form = h("form.filters", { on: { submit: (e) => { e.preventDefault(); apply(); } } },
    field("Type", h("input", { name: "type", placeholder: "render.brief", value: params.get("type") ?? "" })),
    field("Status", select("status", [["", "Any status"], ...STATUSES.map((s) => [s, s])], params.get("status") ?? "")),
    field("Parent job", h("input", { name: "parent_id", placeholder: "job_…", value: params.get("parent_id") ?? "" })),
    h("button.btn", { type: "submit" }, "Filter"));
  const body = h("tbody");
  const more = h("button.btn", { type: "button", hidden: true }, "Load more");
  clear(main, pageHead("Jobs", "Every job, newest first. Status and progress update live."),
    form, h("div.card.flush", h("table#jobs-table", h("thead", h("tr", ["Job", "Type", "Status", "Progress", "Created", "Time / step"].map((t) => h("th", t)))), body)),
    h("div.row", { style: "margin-top: 16px" }, more));

  const query = new URLSearchParams([...params].filter(([, v]) => v));
  let cursor = null;
  const load = async (append) => {
    const q = new URLSearchParams(query);
    q.set("limit", "25");
    if (append && cursor) q.set("cursor", cursor);
    try {
      const page = await api(`jobs?${q}`, { signal });
      if (!append) body.replaceChildren();
      for (const job of page.jobs) body.append(row(job));
      if (!body.children.length) body.append(h("tr", h("td.empty", { colSpan: 6 }, "No jobs yet — submit one from the Brief editor.")));
      cursor = page.next_cursor;
      more.hidden = !page.has_more;
    } catch (e) {
      if (e.name !== "AbortError") body.replaceChildren(h("tr", h("td", { colSpan: 6 }, errorBox(e))));
    }
  };
  more.addEventListener("click", () => load(true));
  function apply() {
    const data = new URLSearchParams(new FormData(form));
    location.hash = `#/jobs?${new URLSearchParams([...data].filter(([, v]) => v))}`;
  }
  await load(false);

  let reload = null;
  liveSocket(async (event) => {
    const tr = body.querySelector(`tr[data-job-id="${CSS.escape(event.job_id)}"]`);
    if (!tr) {  // a new job: list again (once for a burst of events)
      if (event.type === "job.queued" && !reload) reload = setTimeout(() => { reload = null; load(false); }, 500);
      return;
    }
    if (event.type === "job.progress") {
      tr.querySelector(".progress").replaceWith(progressBar(event.data?.progress));
    } else if (STATE_EVENTS.has(event.type)) {
      try { tr.replaceWith(row(await api(`jobs/${event.job_id}`, { signal }))); } catch { /* gone or aborted */ }
    }
  }, signal);
}

const TABS = ["Overview", "Logs", "Events", "Webhooks", "Input", "Result"];

export async function jobDetailView(main, signal, jobId) {
  let job;
  try {
    job = await api(`jobs/${encodeURIComponent(jobId)}`, { signal });
  } catch (e) {
    if (e.name !== "AbortError") clear(main, pageHead("Job"), errorBox(e));
    return;
  }
  const head = h("div.job-head");
  const panes = Object.fromEntries(TABS.map((t) => [t, h("div.pane", { dataset: { pane: t.toLowerCase() }, hidden: t !== "Overview" })]));
  const tabs = h("div.tabs", TABS.map((t) => h("button", {
    type: "button", className: t === "Overview" ? "active" : "", dataset: { tab: t.toLowerCase() },
    on: { click: (e) => {
      tabs.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b === e.currentTarget));
      Object.entries(panes).forEach(([name, pane]) => { pane.hidden = name !== t; });
    } },
  }, t)));
  clear(main, head, h("div.card", tabs, Object.values(panes)));

  const events = [];
  const eventList = h("table.events", h("thead", h("tr", ["#", "Event", "When", "Data"].map((t) => h("th", t)))), h("tbody"));
  clear(panes.Events, h("div#job-events", eventList));

  const render = () => {
    clear(head, pageHead(job.type, job.child_key ? `Step ${job.child_key}` : null,
      job.webhook_url ? h("button.btn", { type: "button", on: { click: () => redeliver(null) } }, "Redeliver webhook") : null,
      TERMINAL.has(job.status) ? null : h("button.btn.danger#cancel-job", { type: "button", on: { click: cancel } }, "Cancel job")),
    h("div.card", h("div.row", badge(job.status), h("div.spacer", progressBar(job.progress)),
      h("span.muted", TERMINAL.has(job.status) ? "" : job.current_step ?? "")),
    h("dl.kv", { style: "margin-top: 16px" },
      h("dt", "Job"), h("dd", h("code#job-id", job.id)),
      job.parent_id ? [h("dt", "Parent"), h("dd", h("a", { href: `#/jobs/${job.parent_id}` }, job.parent_id))] : null,
      h("dt", "Queue · priority"), h("dd", `${job.queue} · ${job.priority}`),
      h("dt", "Created"), h("dd", when(job.created_at)),
      h("dt", "Ran for"), h("dd", seconds(job.started_at, job.completed_at)),
      h("dt", "Attempts"), h("dd", `${job.attempts} (retries ${job.retries}/${job.max_retries})`)),
    job.error ? h("div", { style: "margin-top: 16px" }, errorBox(job.error)) : null));
    const outputs = outputPreviews(job.result);
    clear(panes.Overview, outputs.length ? h("div.grid", outputs)
      : h("p.muted", TERMINAL.has(job.status) ? "This job produced no files." : "The preview appears when the job completes."),
    h("div#children"));
    clear(panes.Input, h("pre.log", JSON.stringify(job.input, null, 2)));
    clear(panes.Result, job.result ? [summary(job.result), rawJson(job.result, "Full result (JSON)")] : h("p.muted", "No result yet."));
    if (!job.parent_id) children();
  };

  const children = async () => {
    try {
      const page = await api(`jobs?parent_id=${encodeURIComponent(job.id)}&limit=50`, { signal });
      if (!page.jobs.length) return;
      const table = h("table", h("thead", h("tr", ["Step", "Type", "Status", "Progress"].map((t) => h("th", t)))),
        h("tbody", page.jobs.map((c) => h("tr", { on: { click: () => { location.hash = `#/jobs/${c.id}`; } } },
          h("td", c.child_key ?? c.id), h("td", c.type), h("td", badge(c.status)), h("td", progressBar(c.progress))))));
      const holder = main.querySelector("#children");
      if (holder) clear(holder, h("h3", { style: "margin-top: 24px" }, "Child jobs"), h("div.card.flush", table));
    } catch { /* children are a convenience */ }
  };

  const logs = async () => {
    try {
      const data = await api(`jobs/${encodeURIComponent(job.id)}/logs`, { signal });
      clear(panes.Logs, data.logs.length ? h("pre.log#job-logs", data.logs.map((l) => h("div.line",
        h("span.ts", new Date(l.at).toLocaleTimeString()),
        h(`span.lvl-${(l.level ?? "info").toLowerCase()}`, `${(l.level ?? "info").toUpperCase().padEnd(7)} ${l.message}`))))
        : h("p.muted#job-logs", "No log lines yet."));
    } catch (e) { if (e.name !== "AbortError") clear(panes.Logs, errorBox(e)); }
  };

  const deliveries = async () => {
    try {
      const data = await api(`jobs/${encodeURIComponent(job.id)}/webhooks`, { signal });
      clear(panes.Webhooks, !job.webhook_url ? h("p.muted", "This job has no webhook_url.")
        : !data.deliveries.length ? h("p.muted", "No deliveries yet.")
          : h("table", h("thead", h("tr", ["#", "Event", "Status", "Attempts", "Last answer", ""].map((t) => h("th", t)))),
            h("tbody", data.deliveries.map((d) => h("tr", h("td", d.id), h("td", d.event_type), h("td", badge(d.status)),
              h("td", d.attempts), h("td.muted", lastAnswer(d)),
              h("td", h("button.btn.small", { type: "button", on: { click: () => redeliver(d.id) } }, "Redeliver")))))));
    } catch (e) { if (e.name !== "AbortError") clear(panes.Webhooks, errorBox(e)); }
  };

  async function cancel() {
    try {
      job = await api(`jobs/${encodeURIComponent(job.id)}`, { method: "DELETE" });
      toast(job.status === "cancelled" ? "Job cancelled" : "Cancellation requested");
      render();
    } catch (e) { toast(e.message, true); }
  }

  async function redeliver(deliveryId) {
    try {
      await api(`jobs/${encodeURIComponent(job.id)}/webhooks/redeliver`, { method: "POST", body: deliveryId ? { delivery_id: deliveryId } : {} });
      toast("Webhook queued for delivery");
      deliveries();
    } catch (e) { toast(e.message, true); }
  }

  render();
  logs();
  deliveries();
  await followEvents(job.id, async (event) => {
    events.push(event);
    eventList.tBodies[0].append(h("tr", h("td.muted", event.id), h("td", h("code", event.type)), h("td.muted", event.data?.created_at ? new Date(event.data.created_at).toLocaleTimeString() : "—"),
      h("td.mono.small.wrap", JSON.stringify(event.data?.data ?? {}))));
    const type = event.type;
    if (type === "job.progress" && !TERMINAL.has(job.status)) {
      job.progress = event.data?.data?.progress ?? job.progress;
      job.current_step = event.data?.data?.current_step ?? job.current_step;
      const bar = head.querySelector(".progress");
      if (bar) bar.replaceWith(progressBar(job.progress));
    } else if (type === "job.log" && !TERMINAL.has(job.status)) {
      logs();
    } else if (STATE_EVENTS.has(type) && !TERMINAL.has(job.status)) {  // a finished job's history is replayed
      try { job = await api(`jobs/${encodeURIComponent(job.id)}`, { signal }); render(); logs(); deliveries(); } catch { /* aborted */ }
    }
  }, signal).catch((e) => toast(e.message, true));
}

/** The result's headline facts (numbers and short strings at the top level) as a definition list. */
function summary(result) {
  const items = Object.entries(result).filter(([, v]) => ["number", "string", "boolean"].includes(typeof v) && String(v).length < 120);
  return items.length ? h("dl.kv", items.map(([k, v]) => [h("dt", k), h("dd", String(v))])) : null;
}

function lastAnswer(delivery) {
  const last = delivery.attempt_log?.[delivery.attempt_log.length - 1];
  return last ? (last.status_code ? `HTTP ${last.status_code}` : last.error ?? "—") : "—";
}

/**
 * Submit a job request and follow it to its end: onProgress(fraction, step) on each progress event.
 * Resolves with the finished job as GET /jobs/{id} shows it.
 */
export async function submitAndFollow(path, body, onProgress, signal) {
  const accepted = await api(path, { method: "POST", body, signal });
  onProgress(0, "queued", accepted.job_id);
  await followEvents(accepted.job_id, (event) => {
    if (event.type === "job.progress") onProgress(event.data?.data?.progress ?? 0, event.data?.data?.current_step, accepted.job_id);
  }, signal);
  return api(`jobs/${encodeURIComponent(accepted.job_id)}`, { signal });
}
