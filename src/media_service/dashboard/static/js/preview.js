// Previews of a job's outputs: a video player, an image, an audio player with its waveform drawn from the
// decoded audio (WebAudio). Output URLs are presigned and absolute: they need no key.

import { h, bytes } from "./ui.js";

/** Every OutputRef ({url, mime, …}) anywhere in a result, once each. */
export function findOutputs(result) {
  const found = new Map();
  const walk = (v) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (typeof v.url === "string" && typeof v.mime === "string") found.set(v.url, v);
      Object.values(v).forEach(walk);
    }
  };
  walk(result);
  return [...found.values()];
}

/** A preview per output; a video's `poster` picture goes on its player rather than beside it. */
export function outputPreviews(result) {
  const outputs = findOutputs(result);
  const poster = result?.poster?.url;
  const video = outputs.find((o) => o.mime.startsWith("video/"));
  return outputs.filter((o) => !(video && o.url === poster)).map((o) => outputPreview(o, o === video ? poster : undefined));
}

/** One output as a player or picture with its facts and a download link. */
export function outputPreview(ref, poster) {
  const name = (ref.path ?? ref.url).split("/").pop().split("?")[0];
  const facts = [ref.mime, bytes(ref.size_bytes),
    ref.width && ref.height ? `${ref.width}×${ref.height}` : null,
    ref.duration_seconds ?? ref.duration ? `${Number(ref.duration_seconds ?? ref.duration).toFixed(2)} s` : null,
  ].filter(Boolean).join(" · ");
  let media;
  if (ref.mime.startsWith("video/")) {
    media = h("video.preview-video", { src: ref.url, poster, controls: true, preload: "metadata", playsInline: true });
  } else if (ref.mime.startsWith("image/")) {
    media = h("img.preview-image", { src: ref.url, alt: name, loading: "lazy" });
  } else if (ref.mime.startsWith("audio/")) {
    media = audioPlayer(ref.url);
  } else {
    media = h("p.muted", "No preview for this kind of file.");
  }
  return h("div.preview", media, h("div.row.small",
    h("span.muted", facts), h("span.spacer"), h("a", { href: ref.url, download: name }, `Download ${name}`)));
}

/** An <audio> element over a canvas waveform; the played part is drawn in the brand colour. */
export function audioPlayer(url) {
  const audio = h("audio.preview-audio", { src: url, controls: true, preload: "metadata" });
  const canvas = h("canvas.wave", { width: 900, height: 72 });
  const wrap = h("div.preview", canvas, audio);
  drawWaveform(url, canvas, audio).catch(() => canvas.replaceWith(h("p.muted.small", "Waveform unavailable.")));
  return wrap;
}

async function drawWaveform(url, canvas, audio) {
  const data = await (await fetch(url)).arrayBuffer();
  const context = new (window.OfflineAudioContext || window.webkitOfflineAudioContext)(1, 1, 44100);
  const buffer = await context.decodeAudioData(data);
  const columns = canvas.width / 3;
  const peaks = new Float32Array(columns);
  const channels = [...Array(buffer.numberOfChannels).keys()].map((c) => buffer.getChannelData(c));
  const step = Math.max(1, Math.floor(buffer.length / columns));
  for (let i = 0; i < columns; i++) {
    let peak = 0;
    for (const samples of channels) {
      for (let j = i * step; j < Math.min((i + 1) * step, samples.length); j++) peak = Math.max(peak, Math.abs(samples[j]));
    }
    peaks[i] = peak;
  }
  canvas.dataset.peaks = String(columns);
  canvas.dataset.max = Math.max(...peaks).toFixed(3);
  const paint = () => {
    const g = canvas.getContext("2d");
    const played = audio.duration ? audio.currentTime / audio.duration : 0;
    g.clearRect(0, 0, canvas.width, canvas.height);
    const mid = canvas.height / 2;
    peaks.forEach((p, i) => {
      const height = Math.max(1, p * (canvas.height - 8));
      g.fillStyle = i / columns < played ? "#4f46e5" : "#c7cbe0";
      g.fillRect(i * 3, mid - height / 2, 2, height);
    });
  };
  paint();
  audio.addEventListener("timeupdate", paint);
  canvas.addEventListener("click", (e) => {
    if (audio.duration) audio.currentTime = (e.offsetX / canvas.clientWidth) * audio.duration;
  });
}
