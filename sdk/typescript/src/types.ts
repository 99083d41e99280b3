// Type helpers over the generated `paths` (openapi-typescript): camelCase views of the wire's snake_case.

/** `voice_id` → `voiceId`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** An object with camelCase keys, all the way down (what responses look like to this client). */
export type Camelize<T> = T extends readonly (infer U)[] ? Camelize<U>[]
  : T extends Record<string, unknown> ? { [K in keyof T as K extends string ? CamelCase<K> : K]: Camelize<T[K]> }
  : T;

/** Top-level request fields may be given in camelCase or as on the wire; nested content is sent as given. */
export type Loose<T> = T extends Record<string, unknown>
  ? { [K in keyof T as K extends string ? CamelCase<K> : K]?: T[K] } & Partial<T> : T;

type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : never;
// A job submission answers 202 (the job); its 200 is the dry run's answer, asked for with `dryRun: true`.
type Ok<O> = O extends { responses: infer R }
  ? R extends { 202: infer A } ? A : R extends { 201: infer A } ? A : R extends { 200: infer A } ? A : never : never;
type Data<E> = E extends { data?: infer D } ? Accepted<NonNullable<D>> : E;
// A submission's 202 is `JobAccepted | Job` (the job itself only after `?wait=true` ran out): the client does not
// wait that way (`jobs.wait` does), so a submission is typed as accepted: `job.jobId`, `job.pollUrl`.
type Accepted<D> = [Extract<D, { job_id: unknown }>] extends [never] ? D : Extract<D, { job_id: unknown }>;

/** The JSON body an operation takes. */
export type JsonBody<O> = O extends { requestBody?: infer R } ? Loose<JsonContent<NonNullable<R>>> : never;
/** Its query parameters. */
export type Query<O> = O extends { parameters: { query?: infer Q } } ? Loose<NonNullable<Q>> : never;
/** What it answers: the envelope's `data`, camelCased. */
export type Result<O> = Camelize<Data<JsonContent<Ok<O>>>>;

export interface CallOptions {
  /** Sent as `Idempotency-Key` (a retried submission is answered with the first job). */
  idempotencyKey?: string;
  /** Abort the request (and its retries). */
  signal?: AbortSignal;
  /** Extra headers. */
  headers?: Record<string, string>;
}

export type Caller = <T>(method: string, path: string,
                         init: CallOptions & { body?: unknown; query?: unknown }) => Promise<T>;
