// Health: readiness and its dependencies, queue depth, workers, and job durations drawn from /metrics
// (Prometheus text, which needs a key) as a small bar chart. Refreshes every 10 s while shown.

import { apiText, getKey } from "./api.js";
import { badge, clear, errorBox, h, pageHead } from "./ui.js";

/** Prometheus text exposition → [{name, labels, value}] (comments and blank lines skipped). */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const l of (m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, "$1");
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

function stat(label, value, id) {
  return h("div.card.stat", { dataset: { stat: id } }, h("div.label", label), h("div.value", value));
}

function drawBars(canvas, rows) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 600;
  const height = 8 + rows.length * 28;
  canvas.style.height = `${height}px`;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const g = canvas.getContext("2d");
  g.scale(ratio, ratio);
  g.font = "12px Inter, 'Noto Sans', sans-serif";
  const labelWidth = Math.min(200, Math.max(...rows.map((r) => g.measureText(r.label).width), 60) + 12);
  const max = Math.max(...rows.map((r) => r.value), 0.001);
  const rowHeight = 28;
  rows.forEach((r, i) => {
    const y = 4 + i * rowHeight;
    g.fillStyle = "#475467";
    g.textBaseline = "middle";
    g.fillText(r.label, 0, y + rowHeight / 2);
    const w = ((width - labelWidth - 90) * r.value) / max;
    g.fillStyle = "#6366f1";
    g.fillRect(labelWidth, y + 4, Math.max(2, w), rowHeight - 8);
    g.fillStyle = "#16181d";
    g.fillText(`${r.value.toFixed(r.value < 10 ? 2 : 1)} s · ${r.count}×`, labelWidth + w + 8, y + rowHeight / 2);
  });
}

export async function healthView(main, signal) {
  const content = h("div#health");
  clear(main, pageHead("Health", "Readiness, queues and job durations, refreshed every 10 seconds."), content);
  const refresh = async () => {
    try {
      const readyResp = await fetch("/health/ready", { headers: { Authorization: `Bearer ${getKey()}` }, signal });
      const ready = await readyResp.json();
      const samples = parseMetrics(await apiText("/metrics"));
      const sum = (name, pred = () => true) => samples.filter((s) => s.name === name && pred(s.labels)).reduce((a, s) => a + s.value, 0);
      const queues = samples.filter((s) => s.name === "remotion_queue_depth");
      const durations = {};
      for (const s of samples) {
        if (s.name === "remotion_job_duration_seconds_sum") (durations[s.labels.type] ??= {}).sum = s.value;
        if (s.name === "remotion_job_duration_seconds_count") (durations[s.labels.type] ??= {}).count = s.value;
      }
      const rows = Object.entries(durations).filter(([, d]) => d.count > 0)
        .map(([type, d]) => ({ label: type, value: d.sum / d.count, count: d.count })).sort((a, b) => b.value - a.value).slice(0, 8);
      const deps = Object.entries(ready.dependencies ?? {});
      const canvas = h("canvas.chart#duration-chart");
      clear(content,
        h("div.grid.stats",
          stat("Readiness", badge(ready.status === "ready" ? "completed" : "failed", ready.status.replace("_", " ")), "ready"),
          stat("Waiting jobs", String(sum("remotion_queue_depth")), "queued"),
          stat("Running jobs", String(sum("remotion_jobs_active")), "running"),
          stat("Workers alive", String(sum("remotion_workers_alive")), "workers"),
          stat("Completed jobs", String(sum("remotion_jobs_total", (l) => l.status === "completed")), "completed")),
        h("div.grid.two", { style: "margin-top: 16px" },
          h("div.card", h("h2", "Mean job duration by type"),
            rows.length ? canvas : h("p.muted", "No completed jobs yet.")),
          h("div.card", h("h2", "Queues"), h("table", h("tbody", queues.map((q) => h("tr", h("td", q.labels.queue), h("td", String(q.value)))))))),
        // Full width: the details name settings and library versions, too long for half a page.
        h("div.card", { style: "margin-top: 16px" }, h("h2", "Dependencies"),
          h("table", h("tbody", deps.map(([name, d]) => h("tr", h("td", name),
            h("td", badge(d.status === "ok" ? "completed" : d.status === "not_configured" ? "cancelled" : "failed",
              d.status.replace("_", " "))),
            h("td.muted.small.wrap", d.detail ?? "")))))));
      if (rows.length) drawBars(canvas, rows);
    } catch (e) {
      if (e.name !== "AbortError") clear(content, errorBox(e));
    }
  };
  await refresh();
  const timer = setInterval(refresh, 10000);
  signal.addEventListener("abort", () => clearInterval(timer));
}
