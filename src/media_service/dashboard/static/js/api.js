// The API client: the key lives in this tab's session storage and travels only as `Authorization: Bearer`.

const KEY_ITEM = "media-service.api-key";
export const API = document.querySelector('meta[name="api-prefix"]').content;

export class ApiError extends Error {
  /** An error envelope ({code, message, details}) or a network failure (code NETWORK). */
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
  /** The `{field, message}` entries of a validation error. */
  get fieldErrors() { return Array.isArray(this.details.errors) ? this.details.errors : []; }
}

export const getKey = () => sessionStorage.getItem(KEY_ITEM);
export const setKey = (key) => sessionStorage.setItem(KEY_ITEM, key);
export const clearKey = () => sessionStorage.removeItem(KEY_ITEM);

let onUnauthorized = () => {};
/** Called when a request is answered 401 (the key was revoked or is wrong). */
export function whenUnauthorized(handler) { onUnauthorized = handler; }

function headers(extra = {}, key = getKey()) {
  return { Accept: "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}), ...extra };
}

async function fail(resp) {
  let body = null;
  try { body = await resp.json(); } catch { /* not JSON */ }
  const err = body?.error;
  if (resp.status === 401) onUnauthorized();
  return new ApiError(resp.status, err?.code ?? `HTTP_${resp.status}`, err?.message ?? resp.statusText, err?.details ?? {});
}

/** A JSON call; answers the envelope's `data` (or the whole body when there is no envelope). */
export async function api(path, { method = "GET", body, key, signal } = {}) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }, key ?? getKey()) };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  let resp;
  try {
    resp = await fetch(path.startsWith("/") ? path : `${API}/${path}`, init);
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "NETWORK", "The service cannot be reached");
  }
  if (!resp.ok) throw await fail(resp);
  const json = await resp.json();
  return json && typeof json === "object" && "success" in json && "data" in json ? json.data : json;
}

/** A text resource that needs the key (Prometheus /metrics). */
export async function apiText(path) {
  const resp = await fetch(path, { headers: headers({ Accept: "text/plain" }) });
  if (!resp.ok) throw await fail(resp);
  return resp.text();
}

/** A binary resource that needs the key (template and format previews) as an object URL. */
export async function apiBlobUrl(path) {
  const resp = await fetch(path, { headers: headers({ Accept: "image/*" }) });
  if (!resp.ok) throw await fail(resp);
  return URL.createObjectURL(await resp.blob());
}

/** Checks a key by listing one job: resolves when it may read, throws ApiError otherwise. */
export async function checkKey(key) {
  await api("jobs?limit=1", { key });
}

/**
 * Follow a job's Server-Sent Events with fetch streaming (EventSource cannot send a header).
 * Calls onEvent({id, type, data}) for each event; resumes after a dropped connection with Last-Event-ID
 * until the stream ends (the job ended) or `signal` aborts.
 */
export async function followEvents(jobId, onEvent, signal) {
  let lastId = "0";
  for (let attempt = 0; attempt < 30 && !signal.aborted; attempt++) {
    try {
      const resp = await fetch(`${API}/jobs/${encodeURIComponent(jobId)}/events`, {
        headers: headers({ Accept: "text/event-stream", "Last-Event-ID": lastId }), signal,
      });
      if (!resp.ok) throw await fail(resp);
      const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;  // the server ends the stream after the job's last event
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = parseFrame(frame);
          if (event) { lastId = event.id ?? lastId; onEvent(event); }
        }
      }
    } catch (e) {
      if (signal.aborted || e.name === "AbortError") return;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) throw e;
      await new Promise((r) => setTimeout(r, 1000 + attempt * 500));
    }
  }
}

function parseFrame(frame) {
  const event = { id: null, type: "message", data: "" };
  let seen = false;
  for (const line of frame.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") event.id = value;
    else if (field === "event") event.type = value;
    else if (field === "data") { event.data += (event.data ? "\n" : "") + value; seen = true; }
  }
  if (!seen) return null;
  try { event.data = JSON.parse(event.data); } catch { /* keep text */ }
  return event;
}
