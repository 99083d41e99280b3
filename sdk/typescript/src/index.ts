// @remotion-service/client: a small fetch client over the service's REST API (PRD §15.2).
//
//   const client = new RemotionClient({ baseUrl: "http://localhost:3100", apiKey: "..." });
//   const job = await client.render.brief({ brief, quality: RenderQuality.Production });
//   const result = await client.jobs.wait(job.jobId, { timeout: 300_000 });
//   for await (const update of client.jobs.stream(job.jobId)) console.log(update.progress);
//
// Every operation of the OpenAPI document is `client.<group>.<verb>` (generated: src/operations.ts). Top-level
// request fields may be camelCase (`voiceId`) and are sent as the wire's snake_case; nested content (a brief)
// is sent as given. Answers are the envelope's `data` with camelCase keys (a job's `input` kept as sent).
import { errorFrom, JobFailedError, RemotionError, TimeoutError } from "./errors.js";
import { operations } from "./operations.js";
import type { CallOptions, Caller, Camelize } from "./types.js";

export * from "./errors.js";
export type { CallOptions, Camelize } from "./types.js";
export type { paths, components } from "./schema.js";

export const RenderQuality = { Draft: "draft", Preview: "preview", Production: "production" } as const;
export type RenderQuality = (typeof RenderQuality)[keyof typeof RenderQuality];

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Retries of a 429/502/503/504 or a network error, waiting `Retry-After` when the service sends one. */
  maxRetries?: number;
  /** Per-request timeout in ms (default 60 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface JobUpdate {
  id: number;
  type: string;
  jobId: string;
  status?: string;
  progress?: number;
  currentStep?: string | null;
  data: Record<string, unknown>;
}

const TERMINAL = new Set(["completed", "failed", "cancelled"]);
const RETRY = new Set([429, 502, 503, 504]);
const KEEP = new Set(["input", "metadata", "bindings"]); // caller-shaped content: keys kept as sent

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Response keys in camelCase, all the way down (except caller-shaped content). */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), KEEP.has(k) ? v : camelize(v)]));
}

function wire(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body) || body instanceof FormData) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [snake(k), v]));
}

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
});

export class RemotionClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly ops: ReturnType<typeof operations>;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.maxRetries = options.maxRetries ?? 3;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.ops = operations(this.call);
  }

  get analyze() { return this.ops.analyze; }
  get audio() { return this.ops.audio; }
  get avatar() { return this.ops.avatar; }
  get files() { return this.ops.files; }
  get image() { return this.ops.image; }
  get openai() { return this.ops.openai; }
  get publish() { return this.ops.publish; }
  get render() { return this.ops.render; }
  get scripts() { return this.ops.scripts; }
  get sparkfluence() { return this.ops.sparkfluence; }
  get system() { return this.ops.system; }
  get tts() { return this.ops.tts; }
  get video() { return this.ops.video; }
  get visuals() { return this.ops.visuals; }

  /** Upload a file (bytes or a Blob) for use as an input; answers `{ id, ... }`. */
  readonly uploads = {
    create: (file: Blob | Uint8Array, filename = "upload.bin", options?: CallOptions) => {
      const form = new FormData();
      const blob = file instanceof Blob ? file : new Blob([new Uint8Array(file)]);
      form.append("file", blob, filename);
      return this.call<Camelize<{ id: string; filename: string; size_bytes: number }>>(
        "POST", "/api/v1/uploads", { body: form, ...options });
    },
    get: (uploadId: string, options?: CallOptions) => this.ops.uploads.get(uploadId, options),
    delete: (uploadId: string, options?: CallOptions) => this.ops.uploads.delete(uploadId, options),
  };

  /** Jobs: the generated operations plus `wait` and `stream`. */
  get jobs() {
    const ops = this.ops.jobs;
    return {
      ...ops,
      /** Resolve with the job's result when it completes; JobFailedError when it fails or is cancelled. */
      wait: (jobId: string, options: { timeout?: number; interval?: number; signal?: AbortSignal } = {}) =>
        this.waitFor(jobId, options),
      /** Every update of the job over Server-Sent Events until it ends (resumes with Last-Event-ID). */
      stream: (jobId: string, options: { signal?: AbortSignal } = {}) => this.streamOf(jobId, options),
    };
  }

  private readonly call: Caller = async <T>(method: string, path: string,
                                            init: CallOptions & { body?: unknown; query?: unknown }): Promise<T> => {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries((wire(init.query) ?? {}) as Record<string, unknown>)) {
      if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${this.apiKey}`, ...init.headers };
    let body: BodyInit | undefined;
    if (init.body instanceof FormData) body = init.body;
    else if (init.body !== undefined) {
      body = JSON.stringify(wire(init.body));
      headers["Content-Type"] = "application/json";
    }
    const idempotencyKey = init.idempotencyKey ?? (method === "POST" && body !== undefined ? crypto.randomUUID() : undefined);
    if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey; // the same key on every retry
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(this.timeoutMs)])
          : AbortSignal.timeout(this.timeoutMs);
        response = await this.fetchImpl(url, { method, headers, body, signal });
      } catch (error) {
        if (init.signal?.aborted || attempt >= this.maxRetries) throw error;
        await sleep(this.backoff(attempt), init.signal);
        continue;
      }
      const text = await response.text();
      const parsed = text ? JSON.parse(text) : undefined;
      if (response.ok) {
        const data = parsed && typeof parsed === "object" && "success" in parsed && "data" in parsed ? parsed.data : parsed;
        return camelize(data) as T;
      }
      if (!RETRY.has(response.status) || attempt >= this.maxRetries) {
        throw errorFrom(response.status, parsed, response.headers.get("x-request-id") ?? undefined);
      }
      const after = Number(response.headers.get("retry-after"));
      await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : this.backoff(attempt), init.signal);
    }
  };

  private backoff(attempt: number): number {
    return Math.min(8000, 250 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
  }

  private async waitFor(jobId: string, options: { timeout?: number; interval?: number; signal?: AbortSignal }) {
    const deadline = Date.now() + (options.timeout ?? 600_000);
    let interval = options.interval ?? 250;
    for (;;) {
      const job = (await this.ops.jobs.get(jobId, { signal: options.signal })) as Record<string, unknown>;
      if (TERMINAL.has(String(job.status))) {
        if (job.status !== "completed") {
          const error = (job.error ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
          throw new JobFailedError(error.message ?? `job ${jobId} ${String(job.status)}`, error.code ?? "JOB_FAILED",
                                   0, { ...error.details, job });
        }
        return { ...(job.result as Record<string, unknown>), jobId, job,
                 videoUrl: ((job.result as { output?: { url?: string } } | null)?.output?.url) };
      }
      if (Date.now() + interval > deadline) throw new TimeoutError(`job ${jobId} still ${String(job.status)}`, "TIMEOUT", 0);
      await sleep(interval, options.signal);
      interval = Math.min(2000, interval * 1.5);
    }
  }

  private async *streamOf(jobId: string, options: { signal?: AbortSignal }): AsyncGenerator<JobUpdate> {
    let last: string | undefined;
    for (let reconnects = 0; reconnects < 20; reconnects++) {
      const headers: Record<string, string> = { Authorization: `Bearer ${this.apiKey}`, Accept: "text/event-stream" };
      if (last) headers["Last-Event-ID"] = last;
      const response = await this.fetchImpl(`${this.baseUrl}/api/v1/jobs/${encodeURIComponent(jobId)}/events`,
                                            { headers, signal: options.signal });
      if (!response.ok || !response.body) {
        throw errorFrom(response.status, await response.json().catch(() => undefined));
      }
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split("\n").filter((l) => l.includes(":"))
            .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
          if (!fields.data) continue;
          last = fields.id ?? last;
          const event = JSON.parse(fields.data) as { id: number; type: string; job_id: string; data: Record<string, unknown> };
          const data = camelize(event.data) as Record<string, unknown>;
          const update: JobUpdate = { id: event.id, type: event.type, jobId: event.job_id, data,
                                      progress: data.progress as number | undefined,
                                      currentStep: data.currentStep as string | null | undefined,
                                      status: event.type.startsWith("job.") ? event.type.slice(4) : undefined };
          yield update;
          if (["job.completed", "job.failed", "job.cancelled"].includes(event.type)) return;
        }
      }
    }
    throw new RemotionError(`the event stream of ${jobId} kept closing`, "STREAM_CLOSED", 0);
  }
}
