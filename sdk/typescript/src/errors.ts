// Errors mirror the service's envelope codes (PRD §9.2): `code`, `status`, the field at fault, `details`.

export interface ErrorBody { code?: string; message?: string; details?: Record<string, unknown> }

export class RemotionError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;
  constructor(message: string, code: string, status: number, details: Record<string, unknown> = {},
              requestId?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }
  /** The request field at fault, when the service named one. */
  get field(): string | undefined {
    const errors = this.details.errors as { field?: string }[] | undefined;
    return (this.details.field as string | undefined) ?? errors?.[0]?.field;
  }
}
export class ValidationError extends RemotionError {}
export class AuthenticationError extends RemotionError {}
export class PermissionError extends RemotionError {}
export class NotFoundError extends RemotionError {}
export class RateLimitError extends RemotionError {}
export class ProviderError extends RemotionError {}
export class ServiceUnavailableError extends RemotionError {}
export class JobFailedError extends RemotionError {}
export class TimeoutError extends RemotionError {}

const BY_CODE: Record<string, typeof RemotionError> = {
  VALIDATION_ERROR: ValidationError, AUTHENTICATION_ERROR: AuthenticationError, AUTHORIZATION_ERROR: PermissionError,
  NOT_FOUND: NotFoundError, RATE_LIMIT_EXCEEDED: RateLimitError, PROVIDER_ERROR: ProviderError,
  DOWNLOAD_FAILED: ProviderError, SERVICE_UNAVAILABLE: ServiceUnavailableError,
};
const BY_STATUS: Record<number, typeof RemotionError> = {
  400: ValidationError, 401: AuthenticationError, 403: PermissionError, 404: NotFoundError, 429: RateLimitError,
  502: ProviderError, 503: ServiceUnavailableError,
};

/** The error for a failed answer, from its envelope (or OpenAI-shaped body) and status. */
export function errorFrom(status: number, body: unknown, requestId?: string): RemotionError {
  const raw = (body as { error?: ErrorBody | string } | undefined)?.error;
  const error: ErrorBody = typeof raw === "string" ? { message: raw } : raw ?? {};
  const code = error.code ?? `HTTP_${status}`;
  const Kind = BY_CODE[code] ?? BY_STATUS[status] ?? RemotionError;
  const first = (error.details?.errors as { field?: string; message?: string }[] | undefined)?.[0];
  const message = (error.message ?? `HTTP ${status}`) + (first?.field ? ` (${first.field}: ${first.message})` : "");
  return new Kind(message, code, status, error.details ?? {}, requestId);
}
