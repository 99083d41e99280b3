// PRD §15.2's usage, type-checked against the generated types (`npm run check`): a field renamed or removed in
// the service's request models fails this file's compilation once `make openapi` has regenerated src/.
import { RemotionClient, RenderQuality, ValidationError } from "../src/index.js";

export async function usage(client: RemotionClient): Promise<string | undefined> {
  const job = await client.render.brief({
    brief: {
      id: "my-video", format: "explainer_v1", title: "How AI Works",
      sections: [{ id: "intro", type: "intro", start_time_sec: 0, duration_sec: 5, content: { title: "How AI Works" } }],
      style: { theme: "dark" },
      settings: { duration_sec: 5, fps: 30 },
    },
    quality: RenderQuality.Production,
  });
  const result = await client.jobs.wait(job.jobId, { timeout: 300_000 });
  const audio = await client.tts.generate({ text: "Hello world", provider: "elevenlabs", voiceId: "21m00Tcm4TlvDq8ikWAM" });
  for await (const update of client.jobs.stream(audio.jobId)) console.log(`Progress: ${(update.progress ?? 0) * 100}%`);
  try {
    await client.video.transform({ enhancementType: "colorize", videoUrl: "https://example.com/old.mp4" });
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
  }
  return result.videoUrl;
}
