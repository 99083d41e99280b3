// The PRD §15.2 usage against a live service: REMOTION_BASE_URL and REMOTION_API_KEY (tests/sdk starts one).
import assert from "node:assert/strict";
import { test } from "node:test";

import { AuthenticationError, RemotionClient, RenderQuality, ValidationError } from "../dist/index.js";

const baseUrl = process.env.REMOTION_BASE_URL;
const apiKey = process.env.REMOTION_API_KEY;
assert.ok(baseUrl && apiKey, "set REMOTION_BASE_URL and REMOTION_API_KEY");
const client = new RemotionClient({ baseUrl, apiKey });

const brief = {
  id: "ts-sdk", format: "explainer_v1", title: "Typed all the way",
  sections: [
    { id: "intro", type: "intro", start_time_sec: 0, duration_sec: 2, content: { title: "Typed all the way" } },
    { id: "outro", type: "outro", start_time_sec: 2, duration_sec: 2, content: { cta: "npm install" } },
  ],
  style: { theme: "dark" },
  settings: { duration_sec: 4, fps: 30 }, // nested content keeps the wire's snake_case, as in PRD §15.2
};
let rendered;

test("render a brief, wait for it, fetch the video without the key", async () => {
  const job = await client.render.brief({ brief, quality: RenderQuality.Preview });
  assert.match(job.jobId, /^job_/);
  const result = await client.jobs.wait(job.jobId, { timeout: 300_000 });
  rendered = job.jobId;
  assert.equal(result.job.status, "completed");
  assert.ok(result.videoUrl.startsWith("http"), result.videoUrl);
  const file = await fetch(result.videoUrl); // a presigned URL is the credential
  assert.equal(file.status, 200);
  assert.equal(file.headers.get("content-type"), "video/mp4");
  const bytes = new Uint8Array(await file.arrayBuffer());
  assert.equal(new TextDecoder().decode(bytes.slice(4, 8)), "ftyp");
  assert.ok(Math.abs(result.output.durationSeconds - 4) < 0.2, JSON.stringify(result.output));
});

test("stream replays a finished job's updates and ends", async () => {
  assert.ok(rendered, "the render test runs first");
  const updates = [];
  for await (const update of client.jobs.stream(rendered)) updates.push(update);
  assert.equal(updates.at(-1).type, "job.completed");
  const progress = updates.filter((u) => u.type === "job.progress").map((u) => u.progress);
  assert.ok(progress.length >= 2 && progress.every((p, i) => i === 0 || p >= progress[i - 1]), String(progress));
});

test("camelCase in, camelCase out: tts.generate with voiceId", async () => {
  const job = await client.tts.generate({ text: "Hello from TypeScript.", voiceId: "espeak-en-female",
                                          outputFormat: "wav" });
  const result = await client.jobs.wait(job.jobId, { timeout: 120_000 });
  assert.equal(result.voiceId, "espeak-en-female");
  assert.ok(result.words.length >= 3 && result.words.every((w) => w.end > w.start), JSON.stringify(result.words));
  assert.ok(result.durationSeconds > 0.5);
});

test("bad input is a ValidationError naming the field; a wrong key an AuthenticationError", async () => {
  await assert.rejects(client.render.brief({ brief: { ...brief, sections: [] } }), (error) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.equal(error.code, "VALIDATION_ERROR");
    assert.match(error.field ?? "", /brief/);
    return true;
  });
  const stranger = new RemotionClient({ baseUrl, apiKey: "not-a-key-0000000000", maxRetries: 0 });
  await assert.rejects(stranger.jobs.list(), AuthenticationError);
});

test("uploads from bytes, then used by id", async () => {
  const png = Uint8Array.from(Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64"));
  const upload = await client.uploads.create(png, "dot.png");
  assert.match(upload.id, /^upl_/);
  const got = await client.uploads.get(upload.id);
  assert.equal(got.id, upload.id);
});
