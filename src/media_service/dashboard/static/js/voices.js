// Voices: the built-in voices and saved profiles with language and licence filters, and "try a sentence".

import { api } from "./api.js";
import { submitAndFollow } from "./jobs.js";
import { audioPlayer } from "./preview.js";
import { badge, clear, errorBox, field, h, pageHead, progressBar, select } from "./ui.js";

export async function voicesView(main, signal) {
  const body = h("tbody");
  const sentence = h("input#voice-sentence", { value: "Hello! This is how I sound.", style: "min-width: 320px" });
  const language = h("select", { name: "language" });
  const licence = h("select", { name: "licence" });
  const player = h("div#voice-player");
  clear(main, pageHead("Voices", "Built-in voices with their licences, and saved voice profiles."),
    h("div.filters", field("Language", language), field("Licence", licence), field("Sentence to try", sentence)),
    player,
    h("div.card.flush", h("table#voices-table", h("thead", h("tr", ["Voice", "Language", "Provider", "Gender", "Licence", ""].map((t) => h("th", t)))), body)));
  let listing;
  try {
    listing = await api("tts/voices", { signal });
  } catch (e) {
    if (e.name !== "AbortError") clear(body, h("tr", h("td", { colSpan: 6 }, errorBox(e))));
    return;
  }
  const voices = listing.voices;
  const options = (values, any) => [["", any], ...[...new Set(values.filter(Boolean))].sort().map((v) => [v, v])];
  language.replaceWith(select("language", options(voices.map((v) => v.language), "All languages")));
  licence.replaceWith(select("licence", options(voices.map((v) => v.licence), "All licences")));
  const filters = main.querySelector(".filters");

  const paint = () => {
    const lang = filters.querySelector('[name="language"]').value;
    const lic = filters.querySelector('[name="licence"]').value;
    const shown = voices.filter((v) => (!lang || v.language === lang) && (!lic || v.licence === lic));
    clear(body, shown.length ? shown.map((v) => h("tr", { dataset: { voice: v.id } },
      h("td", h("strong", v.name), v.default ? h("span.tag", { style: "margin-left: 8px" }, "default") : null, h("div.muted.small", v.id)),
      h("td", v.language), h("td", v.provider), h("td", v.gender ?? "—"),
      h("td", v.licence ?? "—", v.licence_note ? h("div.muted.small", v.licence_note) : null),
      h("td", h("button.btn.small", { type: "button", disabled: !v.available, title: v.available ? "" : "provider not configured",
        on: { click: () => tryVoice(v) } }, "Try it"))))
      : h("tr", h("td.empty", { colSpan: 6 }, "No voice matches these filters.")));
  };
  filters.addEventListener("change", paint);
  paint();

  async function tryVoice(voice) {
    const bar = h("div", progressBar(0));
    clear(player, h("div.card", h("h2", `“${sentence.value}” — ${voice.name}`), bar));
    try {
      const job = await submitAndFollow("tts/generate", { text: sentence.value, voice_id: voice.id, output_format: "mp3" },
        (f) => clear(bar, progressBar(f)), signal);
      if (job.status !== "completed") { clear(bar, badge(job.status), job.error ? errorBox(job.error) : null); return; }
      clear(bar, audioPlayer(job.result.output.url));
      bar.querySelector("audio").play().catch(() => { /* autoplay may be refused: the controls are there */ });
    } catch (e) { clear(bar, errorBox(e)); }
  }
}
