// The templates and formats galleries: previews (fetched with the key: they are API routes) and "use this".

import { api, apiBlobUrl } from "./api.js";
import { openInEditor } from "./editor.js";
import { submitAndFollow } from "./jobs.js";
import { outputPreviews } from "./preview.js";
import { badge, clear, errorBox, field, h, pageHead, progressBar } from "./ui.js";

function thumb(previewUrl, alt) {
  const box = h("div.thumb", "Loading preview…");
  apiBlobUrl(previewUrl).then((url) => clear(box, h("img", { src: url, alt })))
    .catch(() => clear(box, "No preview"));
  return box;
}

export async function templatesView(main, signal) {
  const grid = h("div.grid.cards#templates");
  const form = h("div#template-form");
  clear(main, pageHead("Templates", "Shipped ad templates. Pick one, fill in its text, render a picture."), form, grid);
  let listing;
  try {
    listing = await api("render/templates", { signal });
  } catch (e) {
    if (e.name !== "AbortError") clear(grid, errorBox(e));
    return;
  }
  for (const t of listing.templates) {
    grid.append(h("div.card", { dataset: { template: t.id } }, thumb(t.preview_url, t.name),
      h("h3", { style: "margin-top: 12px" }, t.name),
      h("p.muted.small", t.description),
      h("div", h("span.tag", `${t.size.width}×${t.size.height}`), h("span.tag", t.category), t.tags.slice(0, 3).map((x) => h("span.tag", x))),
      h("button.btn.primary.small", { type: "button", on: { click: () => useTemplate(t, form, signal) } }, "Use this")));
  }
}

function useTemplate(template, holder, signal) {
  const textSlots = template.slots.filter((s) => s.kind === "text");
  const inputs = Object.fromEntries(textSlots.map((s) => [s.name, h("input", { name: s.name, placeholder: s.default ?? "" })]));
  const out = h("div.template-result");
  const form = h("form.card", {
    on: { submit: async (e) => {
      e.preventDefault();
      const text = Object.fromEntries(Object.entries(inputs).filter(([, i]) => i.value.trim()).map(([k, i]) => [k, i.value]));
      const bar = h("div", progressBar(0));
      clear(out, bar);
      try {
        const job = await submitAndFollow("render/ad-template", { template_id: template.id, bindings: { text }, format: "png" },
          (f) => clear(bar, progressBar(f)), signal);
        clear(out, h("div.row", badge(job.status), h("a", { href: `#/jobs/${job.id}` }, "Open the job")),
          job.error ? errorBox(job.error) : null, outputPreviews(job.result));
      } catch (err) { clear(out, errorBox(err)); }
    } },
  }, h("h2", `Use “${template.name}”`),
  h("div.grid.cards", textSlots.map((s) => field(s.label, inputs[s.name], s.description || (s.required ? "required" : "optional")))),
  h("div.row", { style: "margin-top: 16px" }, h("button.btn.primary", { type: "submit" }, "Render"),
    h("button.btn", { type: "button", on: { click: () => clear(holder) } }, "Close")), out);
  clear(holder, form);
  holder.scrollIntoView({ behavior: "smooth" });
}

export async function formatsView(main, signal) {
  const grid = h("div.grid.cards#formats");
  clear(main, pageHead("Formats", "Video formats for briefs. “Use this” opens the format's example in the brief editor."), grid);
  let formats;
  try {
    formats = await api("render/formats", { signal });
  } catch (e) {
    if (e.name !== "AbortError") clear(grid, errorBox(e));
    return;
  }
  for (const f of formats) {
    grid.append(h("div.card", { dataset: { format: f.id } }, thumb(f.preview_url, f.name),
      h("h3", { style: "margin-top: 12px" }, f.name),
      h("p.muted.small", f.description),
      h("div", h("span.tag", `${f.default_resolution.width}×${f.default_resolution.height}`), h("span.tag", `${f.default_fps} fps`)),
      h("p.small", f.look),
      h("p.small.muted", `Sections: ${f.section_types.join(", ")}`),
      h("span.spacer"),
      h("button.btn.primary.small", { type: "button", on: { click: () => openInEditor({ brief: f.example_brief, quality: "preview", output_format: "mp4" }) } }, "Use this")));
  }
}
