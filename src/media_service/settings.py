"""All configuration in one typed object: defaults < `config/service.yaml` < environment variables.

Environment names follow PRD §10 (`REMOTION_SERVICE_PORT`, `RATE_LIMIT_*`, `JOB_QUEUE_*`, `CORS_*`,
`OUTPUT_DIR`, ...). The YAML file uses the PRD's nested layout (`service.port`, `api.rate_limit.*`,
`jobs.retry.*`, `logging.*`); `YAML_PATHS` maps it onto the flat fields. `os.environ` is read here
and nowhere else.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

__all__ = ["ApiKeyEntry", "ConfigError", "Settings", "load_settings"]

Scope = Literal["read", "write", "admin"]
CsvList = Annotated[list[str], NoDecode]


class ConfigError(Exception):
    """Invalid configuration; the message is one line naming the setting."""


class ApiKeyEntry(BaseModel):
    """One accepted API key: the key itself or its SHA-256, with scopes and an optional expiry."""

    key: SecretStr | None = None
    key_sha256: str | None = None
    scopes: list[Scope] = Field(default_factory=lambda: list[Scope](["read", "write", "admin"]))
    expires_at: datetime | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _one_of_key_or_hash(self) -> ApiKeyEntry:
        if (self.key is None) == (self.key_sha256 is None):
            raise ValueError("each entry needs exactly one of 'key' or 'key_sha256'")
        if self.key_sha256 is not None:
            h = self.key_sha256.lower()
            if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
                raise ValueError("key_sha256 must be 64 hex characters")
            self.key_sha256 = h
        return self


def _env(*names: str, **field: Any) -> Any:
    return Field(validation_alias=AliasChoices(*names), **field)


class Settings(BaseSettings):
    """The service's configuration. Field aliases are the environment variable names."""

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore", case_sensitive=True)

    # service
    service_name: str = "remotion-media-service"
    host: str = Field("127.0.0.1", validation_alias=AliasChoices("REMOTION_SERVICE_HOST", "host"))
    port: int = Field(3100, ge=0, le=65535, validation_alias=AliasChoices("REMOTION_SERVICE_PORT", "port"))
    api_prefix: str = "/api/v1"
    public_base_url: str | None = Field(None, validation_alias=AliasChoices("PUBLIC_BASE_URL", "public_base_url"))
    tls_cert_file: Path | None = Field(None, validation_alias=AliasChoices("TLS_CERT_FILE", "tls_cert_file"))
    tls_key_file: Path | None = Field(None, validation_alias=AliasChoices("TLS_KEY_FILE", "tls_key_file"))
    docs_public: bool = Field(True, validation_alias=AliasChoices("DOCS_PUBLIC", "docs_public"))
    max_request_body_mb: float = Field(10, gt=0, validation_alias=AliasChoices("MAX_REQUEST_BODY_MB", "max_request_body_mb"))

    # auth
    api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("REMOTION_SERVICE_API_KEY", "api_key"))
    api_keys: list[ApiKeyEntry] = Field(default_factory=list, validation_alias=AliasChoices("REMOTION_SERVICE_API_KEYS", "api_keys"))

    # logging
    log_level: Literal["debug", "info", "warning", "error", "critical"] = Field(
        "info", validation_alias=AliasChoices("REMOTION_SERVICE_LOG_LEVEL", "log_level"))
    log_format: Literal["json", "console"] = Field("json", validation_alias=AliasChoices("LOG_FORMAT", "log_format"))
    log_include_request_body: bool = Field(False, validation_alias=AliasChoices("LOG_INCLUDE_REQUEST_BODY", "log_include_request_body"))

    # rate limiting
    rate_limit_enabled: bool = Field(True, validation_alias=AliasChoices("RATE_LIMIT_ENABLED", "rate_limit_enabled"))
    rate_limit_per_minute: int = Field(60, gt=0, validation_alias=AliasChoices("RATE_LIMIT_REQUESTS_PER_MINUTE", "rate_limit_per_minute"))
    rate_limit_per_hour: int = Field(1000, gt=0, validation_alias=AliasChoices("RATE_LIMIT_REQUESTS_PER_HOUR", "rate_limit_per_hour"))
    rate_limit_burst: int = Field(10, gt=0, validation_alias=AliasChoices("RATE_LIMIT_BURST_SIZE", "rate_limit_burst"))
    # reads of a job by id (GET /jobs/{id}, its events, logs and result) by the key that created it: their own budget,
    # so that polling a job does not spend the budget of writes (SSE and the WebSocket avoid polling altogether)
    rate_limit_reads_per_minute: int = Field(
        600, gt=0, validation_alias=AliasChoices("RATE_LIMIT_READS_PER_MINUTE", "rate_limit_reads_per_minute"))
    rate_limit_reads_burst: int = Field(
        20, gt=0, validation_alias=AliasChoices("RATE_LIMIT_READS_BURST_SIZE", "rate_limit_reads_burst"))
    redis_url: str | None = Field(None, validation_alias=AliasChoices("REDIS_URL", "redis_url"))

    # CORS
    cors_enabled: bool = Field(True, validation_alias=AliasChoices("CORS_ENABLED", "cors_enabled"))
    cors_origins: CsvList = Field(default_factory=lambda: ["http://localhost:*", "http://127.0.0.1:*"],
                                  validation_alias=AliasChoices("CORS_ORIGINS", "cors_origins"))

    # jobs
    database_url: str | None = Field(None, validation_alias=AliasChoices("DATABASE_URL", "database_url"))
    queue_url: str | None = Field(None, validation_alias=AliasChoices("QUEUE_URL", "queue_url"))
    job_max_concurrent: int = Field(10, gt=0, validation_alias=AliasChoices("JOB_QUEUE_MAX_CONCURRENT", "job_max_concurrent"))
    job_default_timeout_ms: int = Field(1_800_000, gt=0, validation_alias=AliasChoices("JOB_QUEUE_DEFAULT_TIMEOUT_MS", "job_default_timeout_ms"))
    job_max_timeout_ms: int = Field(7_200_000, gt=0, validation_alias=AliasChoices("JOB_QUEUE_MAX_TIMEOUT_MS", "job_max_timeout_ms"))
    job_max_retries: int = Field(3, ge=0, validation_alias=AliasChoices("JOB_QUEUE_MAX_RETRIES", "job_max_retries"))
    job_retry_backoff_ms: int = Field(1000, ge=0, validation_alias=AliasChoices("JOB_QUEUE_RETRY_BACKOFF_MS", "job_retry_backoff_ms"))
    job_retry_backoff_multiplier: float = Field(2.0, ge=1, validation_alias=AliasChoices("JOB_QUEUE_RETRY_BACKOFF_MULTIPLIER", "job_retry_backoff_multiplier"))
    job_retry_max_backoff_ms: int = Field(300_000, ge=0, validation_alias=AliasChoices("JOB_QUEUE_RETRY_MAX_BACKOFF_MS", "job_retry_max_backoff_ms"))
    cpu_workers: int = Field(default_factory=lambda: os.cpu_count() or 1, gt=0,
                             validation_alias=AliasChoices("JOB_QUEUE_CPU_WORKERS", "cpu_workers"))
    io_workers: int = Field(32, gt=0, validation_alias=AliasChoices("JOB_QUEUE_IO_WORKERS", "io_workers"))
    embedded_worker: bool = Field(True, validation_alias=AliasChoices("EMBEDDED_WORKER", "embedded_worker"))
    gpu_workers: int = Field(1, gt=0, validation_alias=AliasChoices("JOB_QUEUE_GPU_WORKERS", "gpu_workers"))
    job_poll_interval_ms: int = Field(50, gt=0, validation_alias=AliasChoices("JOB_QUEUE_POLL_INTERVAL_MS", "job_poll_interval_ms"))
    job_lease_ttl_sec: float = Field(15, gt=0, validation_alias=AliasChoices("JOB_QUEUE_LEASE_TTL_SEC", "job_lease_ttl_sec"))
    job_cancel_grace_ms: int = Field(5000, ge=0, validation_alias=AliasChoices("JOB_QUEUE_CANCEL_GRACE_MS", "job_cancel_grace_ms"))
    job_sync_wait_sec: float = Field(10, ge=0, validation_alias=AliasChoices("JOB_QUEUE_SYNC_WAIT_SEC", "job_sync_wait_sec"))
    # ended jobs are deleted this long after they ended, with their events, logs and webhook deliveries
    job_retention_hours: float = Field(720, gt=0, validation_alias=AliasChoices("JOB_RETENTION_HOURS", "job_retention_hours"))
    job_progress_interval_ms: int = Field(250, ge=0, validation_alias=AliasChoices("JOB_PROGRESS_INTERVAL_MS", "job_progress_interval_ms"))
    job_extra_modules: CsvList = Field(default_factory=list, validation_alias=AliasChoices("MEDIA_SERVICE_EXTRA_JOB_MODULES", "job_extra_modules"))

    # webhooks
    webhook_secret: SecretStr | None = Field(None, validation_alias=AliasChoices("WEBHOOK_SECRET", "webhook_secret"))
    webhook_timeout_ms: int = Field(10_000, gt=0, validation_alias=AliasChoices("WEBHOOK_TIMEOUT_MS", "webhook_timeout_ms"))
    webhook_max_attempts: int = Field(6, ge=1, validation_alias=AliasChoices("WEBHOOK_MAX_ATTEMPTS", "webhook_max_attempts"))
    webhook_backoff_ms: int = Field(2000, ge=0, validation_alias=AliasChoices("WEBHOOK_BACKOFF_MS", "webhook_backoff_ms"))

    # storage and media
    data_dir: Path = Field(Path("./data"), validation_alias=AliasChoices("DATA_DIR", "data_dir"))
    output_dir: Path = Field(Path("./output"), validation_alias=AliasChoices("OUTPUT_DIR", "output_dir"))
    temp_dir: Path = Field(Path("./tmp"), validation_alias=AliasChoices("TEMP_DIR", "temp_dir"))
    max_file_size_mb: float = Field(500, gt=0, validation_alias=AliasChoices("MAX_FILE_SIZE_MB", "max_file_size_mb"))
    input_roots: CsvList | None = Field(None, validation_alias=AliasChoices("INPUT_ROOTS", "input_roots"))
    output_roots: CsvList | None = Field(None, validation_alias=AliasChoices("EXPORT_ROOTS", "OUTPUT_ROOTS", "export_roots",
                                                                           "output_roots"))
    upload_ttl_sec: int = Field(86_400, gt=0, validation_alias=AliasChoices("UPLOAD_TTL", "upload_ttl_sec"))
    output_url_ttl_sec: int = Field(86_400, gt=0, validation_alias=AliasChoices("OUTPUT_URL_TTL", "output_url_ttl_sec"))
    output_ttl_hours: float = Field(168, gt=0, validation_alias=AliasChoices("OUTPUT_TTL_HOURS", "output_ttl_hours"))
    base64_max_mb: float = Field(10, gt=0, validation_alias=AliasChoices("BASE64_MAX_MB", "base64_max_mb"))
    egress_block_private: bool = Field(True, validation_alias=AliasChoices("EGRESS_BLOCK_PRIVATE", "egress_block_private"))
    egress_allow_networks: CsvList = Field(default_factory=list, validation_alias=AliasChoices("EGRESS_ALLOW_NETWORKS", "egress_allow_networks"))
    egress_allow_hosts: CsvList = Field(default_factory=list, validation_alias=AliasChoices("EGRESS_ALLOW_HOSTS", "egress_allow_hosts"))
    music_library_dir: Path | None = Field(None, validation_alias=AliasChoices("MUSIC_LIBRARY_DIR", "music_library_dir"))
    # speech: providers tried in order (local, elevenlabs, openai, modal) and the local voice used by default
    tts_provider_chain: CsvList = Field(default_factory=lambda: ["local"],
                                        validation_alias=AliasChoices("TTS_PROVIDER_CHAIN", "tts_provider_chain"))
    tts_default_voice: str = Field("piper-en_US-joe-medium", min_length=1,
                                   validation_alias=AliasChoices("TTS_DEFAULT_VOICE", "tts_default_voice"))
    max_canvas_px: int = Field(8192, gt=0, validation_alias=AliasChoices("MAX_CANVAS_PX", "max_canvas_px"))

    # provider credentials (PRD §10); adapters arrive with their issues
    openai_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key"))
    elevenlabs_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("ELEVENLABS_API_KEY", "elevenlabs_api_key"))
    hf_token: SecretStr | None = Field(None, validation_alias=AliasChoices("HF_TOKEN", "hf_token"))
    pexels_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("PEXELS_API_KEY", "pexels_api_key"))
    pixabay_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("PIXABAY_API_KEY", "pixabay_api_key"))
    giphy_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("GIPHY_API_KEY", "giphy_api_key"))
    imgflip_username: str | None = Field(None, validation_alias=AliasChoices("IMGFLIP_USERNAME", "imgflip_username"))
    imgflip_password: SecretStr | None = Field(None, validation_alias=AliasChoices("IMGFLIP_PASSWORD",
                                                                                   "imgflip_password"))
    youtube_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("YOUTUBE_API_KEY", "youtube_api_key"))
    google_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("GEMINI_API_KEY", "GOOGLE_API_KEY", "google_api_key"))
    replicate_api_token: SecretStr | None = Field(None, validation_alias=AliasChoices("REPLICATE_API_TOKEN", "replicate_api_token"))
    modal_voice_endpoint: str | None = Field(None, validation_alias=AliasChoices("MODAL_VOICE_ENDPOINT", "modal_voice_endpoint"))
    modal_voice_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("MODAL_VOICE_API_KEY", "modal_voice_api_key"))
    modal_api_url: str | None = Field(None, validation_alias=AliasChoices("MODAL_API_URL", "modal_api_url"))
    modal_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices("MODAL_API_KEY", "modal_api_key"))

    # provider endpoints, model ids and timeouts (providers.md; PRD §10.2 `providers.<name>.timeout_ms`).
    # A base URL points an adapter at a compatible server or a test fake; it is trusted by the egress guard.
    openai_base_url: str = _env("OPENAI_BASE_URL", "openai_base_url", default="https://api.openai.com/v1")
    openai_image_model: str = _env("OPENAI_IMAGE_MODEL", "openai_image_model", default="gpt-image-1")
    openai_timeout_ms: int = _env("OPENAI_TIMEOUT_MS", "openai_timeout_ms", default=120_000, gt=0)
    gemini_base_url: str = _env("GEMINI_BASE_URL", "gemini_base_url",
                                default="https://generativelanguage.googleapis.com/v1beta")
    gemini_image_model: str = _env("GEMINI_IMAGE_MODEL", "gemini_image_model", default="gemini-3.1-flash-image-preview")
    gemini_timeout_ms: int = _env("GEMINI_TIMEOUT_MS", "gemini_timeout_ms", default=120_000, gt=0)
    hf_base_url: str = _env("HF_BASE_URL", "hf_base_url", default="https://router.huggingface.co")
    hf_image_model: str = _env("HF_IMAGE_MODEL", "hf_image_model", default="black-forest-labs/FLUX.1-schnell")
    hf_timeout_ms: int = _env("HF_TIMEOUT_MS", "hf_timeout_ms", default=120_000, gt=0)
    replicate_base_url: str = _env("REPLICATE_BASE_URL", "replicate_base_url", default="https://api.replicate.com/v1")
    replicate_image_model: str = _env("REPLICATE_IMAGE_MODEL", "replicate_image_model",
                                      default="black-forest-labs/flux-schnell")
    replicate_timeout_ms: int = _env("REPLICATE_TIMEOUT_MS", "replicate_timeout_ms", default=60_000, gt=0)
    openai_tts_model: str = _env("OPENAI_TTS_MODEL", "openai_tts_model", default="gpt-4o-mini-tts")
    elevenlabs_base_url: str = _env("ELEVENLABS_BASE_URL", "elevenlabs_base_url", default="https://api.elevenlabs.io")
    elevenlabs_model: str = _env("ELEVENLABS_MODEL", "elevenlabs_model", default="eleven_multilingual_v2")
    elevenlabs_timeout_ms: int = _env("ELEVENLABS_TIMEOUT_MS", "elevenlabs_timeout_ms", default=120_000, gt=0)
    modal_voice_model: str = _env("MODAL_VOICE_MODEL", "modal_voice_model", default="indextts2")
    modal_voice_timeout_ms: int = _env("MODAL_VOICE_TIMEOUT_MS", "modal_voice_timeout_ms", default=180_000, gt=0)
    pexels_base_url: str = _env("PEXELS_BASE_URL", "pexels_base_url", default="https://api.pexels.com")
    pixabay_base_url: str = _env("PIXABAY_BASE_URL", "pixabay_base_url", default="https://pixabay.com")
    giphy_base_url: str = _env("GIPHY_BASE_URL", "giphy_base_url", default="https://api.giphy.com")
    imgflip_base_url: str = _env("IMGFLIP_BASE_URL", "imgflip_base_url", default="https://api.imgflip.com")
    stock_timeout_ms: int = _env("STOCK_TIMEOUT_MS", "stock_timeout_ms", default=30_000, gt=0)
    youtube_base_url: str = _env("YOUTUBE_BASE_URL", "youtube_base_url",
                                 default="https://www.googleapis.com/youtube/v3")
    youtube_timeout_ms: int = _env("YOUTUBE_TIMEOUT_MS", "youtube_timeout_ms", default=30_000, gt=0)
    stock_cache_ttl_sec: float = _env("STOCK_CACHE_TTL_SEC", "stock_cache_ttl_sec", default=86_400.0, ge=0)
    provider_poll_deadline_sec: float = _env("PROVIDER_POLL_DEADLINE_SEC", "provider_poll_deadline_sec",
                                             default=300.0, gt=0)
    provider_poll_first_sec: float = _env("PROVIDER_POLL_FIRST_SEC", "provider_poll_first_sec", default=1.0, gt=0)
    provider_max_retry_wait_sec: float = _env("PROVIDER_MAX_RETRY_WAIT_SEC", "provider_max_retry_wait_sec",
                                              default=30.0, ge=0)
    sparkfluence_sync_timeout_sec: float = _env("SPARKFLUENCE_SYNC_TIMEOUT_SEC", "sparkfluence_sync_timeout_sec",
                                                default=120.0, gt=0)
    openai_compat_timeout_sec: float = _env("OPENAI_COMPAT_TIMEOUT_SEC", "openai_compat_timeout_sec",
                                            default=300.0, gt=0)
    image_provider_order: CsvList = _env("IMAGE_PROVIDER_ORDER", "image_provider_order",
                                         default_factory=lambda: ["openai", "gemini", "huggingface", "replicate", "local"])
    # AI video providers (issue 16; providers.md §3.3, §4, §6). Model ids and Replicate versions are settings.
    geminigen_api_key: SecretStr | None = _env("GEMINIGEN_API_KEY", "geminigen_api_key", default=None)
    geminigen_base_url: str = _env("GEMINIGEN_BASE_URL", "geminigen_base_url", default="https://api.geminigen.ai")
    geminigen_video_model: str = _env("GEMINIGEN_VIDEO_MODEL", "geminigen_video_model", default="veo-3.1-fast")
    geminigen_timeout_ms: int = _env("GEMINIGEN_TIMEOUT_MS", "geminigen_timeout_ms", default=120_000, gt=0)
    gemini_video_model: str = _env("GEMINI_VIDEO_MODEL", "gemini_video_model", default="veo-3.1-generate-preview")
    replicate_mochi_version: str = _env("REPLICATE_MOCHI_VERSION", "replicate_mochi_version",
                                        default="genmoai/mochi-1")
    replicate_wan_t2v_version: str = _env("REPLICATE_WAN_T2V_VERSION", "replicate_wan_t2v_version",
                                          default="wan-video/wan-2.2-t2v-fast")
    replicate_wan_i2v_version: str = _env("REPLICATE_WAN_I2V_VERSION", "replicate_wan_i2v_version",
                                          default="wan-video/wan-2.2-i2v-fast")
    # /video/transform's enhancement models on Replicate (community models: run by version)
    replicate_esrgan_version: str = _env(
        "REPLICATE_ESRGAN_VERSION", "replicate_esrgan_version",
        default="lucataco/real-esrgan-video:c23768236472c41b7a121ee735c8073e29080c01b32907740cfada61bff75320")
    replicate_gfpgan_version: str = _env(
        "REPLICATE_GFPGAN_VERSION", "replicate_gfpgan_version",
        default="pbarker/gfpgan-video:ea1116ce24126a411c7beb092e587bee24b25525c1b0e493e3a907904952ace3")
    replicate_deoldify_version: str = _env(
        "REPLICATE_DEOLDIFY_VERSION", "replicate_deoldify_version",
        default="arielreplicate/deoldify_video:2569e3e703b251eb22f3dcfde5ac7a4d79a7709a3f3ee670a9a9ef7dd35078b7")
    replicate_video2video_version: str = _env(
        "REPLICATE_VIDEO2VIDEO_VERSION", "replicate_video2video_version",
        default="fofr/lcm-video2video:5aa3d1b1babdfc6f05afae142bbcac7a23d14c653643333ea43ca5b9fcfed6b6")
    # music sources (issue 17; providers.md §9): Jamendo (client id in the query) and Freesound (Token header)
    jamendo_client_id: SecretStr | None = _env("JAMENDO_CLIENT_ID", "jamendo_client_id", default=None)
    jamendo_base_url: str = _env("JAMENDO_BASE_URL", "jamendo_base_url", default="https://api.jamendo.com/v3.0")
    freesound_api_key: SecretStr | None = _env("FREESOUND_API_KEY", "freesound_api_key", default=None)
    freesound_base_url: str = _env("FREESOUND_BASE_URL", "freesound_base_url", default="https://freesound.org/apiv2")
    music_timeout_ms: int = _env("MUSIC_TIMEOUT_MS", "music_timeout_ms", default=30_000, gt=0)
    # talking heads (issue 17; PRD §6.6): InfiniteTalk + training on MODAL_API_URL/MODAL_API_KEY, SadTalker and
    # Wav2Lip on Replicate (versions are settings); the local face check runs FACE_DETECTOR_PYTHON (.venv-face)
    modal_avatar_timeout_ms: int = _env("MODAL_AVATAR_TIMEOUT_MS", "modal_avatar_timeout_ms", default=180_000, gt=0)
    replicate_sadtalker_version: str = _env(
        "REPLICATE_SADTALKER_VERSION", "replicate_sadtalker_version",
        default="cjwbw/sadtalker:3aa3dac9353cc4d6bd62a8f95957bd844003b401ca4e4a9b33baa574c549d376")
    replicate_wav2lip_version: str = _env(  # community models are run by version (the id is unconfirmed)
        "REPLICATE_WAV2LIP_VERSION", "replicate_wav2lip_version",
        default="devxpy/cog-wav2lip:8d65e3f4f4298520e079198b493c25adfc43c058ffec924f2aefc8010ed25eef")
    face_detector_python: Path | None = _env("FACE_DETECTOR_PYTHON", "face_detector_python", default=None)
    face_min_confidence: float = _env("FACE_MIN_CONFIDENCE", "face_min_confidence", default=0.5, gt=0, lt=1)
    avatar_training_poll_sec: float = _env("AVATAR_TRAINING_POLL_SEC", "avatar_training_poll_sec", default=15.0, gt=0)
    video_poll_first_sec: float = _env("VIDEO_POLL_FIRST_SEC", "video_poll_first_sec", default=5.0, gt=0)
    video_poll_cap_sec: float = _env("VIDEO_POLL_CAP_SEC", "video_poll_cap_sec", default=30.0, gt=0)
    video_poll_deadline_sec: float = _env("VIDEO_POLL_DEADLINE_SEC", "video_poll_deadline_sec", default=1800.0, gt=0)
    sora_fallback_model: str | None = _env("SORA_FALLBACK_MODEL", "sora_fallback_model", default="veo-3.1")
    sparkfluence_video_model: str | None = _env("SPARKFLUENCE_VIDEO_MODEL", "sparkfluence_video_model", default=None)
    # text (script writing): models, an OpenAI-compatible server of the operator's own (llama.cpp, Ollama,
    # vLLM: its key is optional), and the order a request without `provider` tries (local: the offline writer)
    openai_text_model: str = _env("OPENAI_TEXT_MODEL", "openai_text_model", default="gpt-5.4-mini")
    gemini_text_model: str = _env("GEMINI_TEXT_MODEL", "gemini_text_model", default="gemini-3-flash-preview")
    openai_compatible_base_url: str | None = _env("OPENAI_COMPATIBLE_BASE_URL", "openai_compatible_base_url",
                                                  default=None)
    openai_compatible_api_key: SecretStr | None = Field(None, validation_alias=AliasChoices(
        "OPENAI_COMPATIBLE_API_KEY", "openai_compatible_api_key"))
    openai_compatible_model: str = _env("OPENAI_COMPATIBLE_MODEL", "openai_compatible_model", default="local-model")
    openai_compatible_timeout_ms: int = _env("OPENAI_COMPATIBLE_TIMEOUT_MS", "openai_compatible_timeout_ms",
                                             default=300_000, gt=0)
    openai_transcribe_model: str = _env("OPENAI_TRANSCRIBE_MODEL", "openai_transcribe_model", default="whisper-1")
    text_provider_order: CsvList = _env("TEXT_PROVIDER_ORDER", "text_provider_order",
                                        default_factory=lambda: ["gemini", "openai", "openai_compatible", "local"])

    # publishing (issue 17; providers.md §10): OAuth user tokens set by the operator. A refresh token with the
    # client credentials renews an expired access token once (401 → refresh → retry); tokens are never logged.
    youtube_access_token: SecretStr | None = _env("YOUTUBE_ACCESS_TOKEN", "youtube_access_token", default=None)
    youtube_refresh_token: SecretStr | None = _env("YOUTUBE_REFRESH_TOKEN", "youtube_refresh_token", default=None)
    youtube_client_id: str | None = _env("YOUTUBE_CLIENT_ID", "youtube_client_id", default=None)
    youtube_client_secret: SecretStr | None = _env("YOUTUBE_CLIENT_SECRET", "youtube_client_secret", default=None)
    youtube_upload_base_url: str = _env("YOUTUBE_UPLOAD_BASE_URL", "youtube_upload_base_url",
                                        default="https://www.googleapis.com")
    youtube_token_url: str = _env("YOUTUBE_TOKEN_URL", "youtube_token_url", default="https://oauth2.googleapis.com/token")
    youtube_chunk_mb: float = _env("YOUTUBE_CHUNK_MB", "youtube_chunk_mb", default=8.0, ge=0.25, le=1024)
    tiktok_access_token: SecretStr | None = _env("TIKTOK_ACCESS_TOKEN", "tiktok_access_token", default=None)
    tiktok_refresh_token: SecretStr | None = _env("TIKTOK_REFRESH_TOKEN", "tiktok_refresh_token", default=None)
    tiktok_client_key: str | None = _env("TIKTOK_CLIENT_KEY", "tiktok_client_key", default=None)
    tiktok_client_secret: SecretStr | None = _env("TIKTOK_CLIENT_SECRET", "tiktok_client_secret", default=None)
    tiktok_base_url: str = _env("TIKTOK_BASE_URL", "tiktok_base_url", default="https://open.tiktokapis.com")
    tiktok_chunk_mb: float = _env("TIKTOK_CHUNK_MB", "tiktok_chunk_mb", default=10.0, ge=5, le=64)
    instagram_access_token: SecretStr | None = _env("INSTAGRAM_ACCESS_TOKEN", "instagram_access_token", default=None)
    instagram_user_id: str | None = _env("INSTAGRAM_USER_ID", "instagram_user_id", default=None)
    instagram_refresh_token: SecretStr | None = _env("INSTAGRAM_REFRESH_TOKEN", "instagram_refresh_token",
                                                     default=None)
    instagram_app_id: str | None = _env("INSTAGRAM_APP_ID", "instagram_app_id", default=None)
    instagram_app_secret: SecretStr | None = _env("INSTAGRAM_APP_SECRET", "instagram_app_secret", default=None)
    instagram_base_url: str = _env("INSTAGRAM_BASE_URL", "instagram_base_url",
                                   default="https://graph.facebook.com/v23.0")
    publish_timeout_ms: int = _env("PUBLISH_TIMEOUT_MS", "publish_timeout_ms", default=120_000, gt=0)
    publish_poll_first_sec: float = _env("PUBLISH_POLL_FIRST_SEC", "publish_poll_first_sec", default=5.0, gt=0)
    publish_poll_cap_sec: float = _env("PUBLISH_POLL_CAP_SEC", "publish_poll_cap_sec", default=60.0, gt=0)
    publish_poll_deadline_sec: float = _env("PUBLISH_POLL_DEADLINE_SEC", "publish_poll_deadline_sec",
                                            default=1800.0, gt=0)

    config_file: Path | None = Field(None, validation_alias=AliasChoices("REMOTION_SERVICE_CONFIG", "config_file"), exclude=True)

    @field_validator("cors_origins", "input_roots", "output_roots", "egress_allow_networks", "egress_allow_hosts",
                     "job_extra_modules", "image_provider_order", "tts_provider_chain", "text_provider_order",
                     mode="before")
    @classmethod
    def _split_csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("api_keys", mode="before")
    @classmethod
    def _parse_keys_json(cls, value: Any) -> Any:
        if isinstance(value, str):
            import json

            try:
                return json.loads(value) if value.strip() else []
            except json.JSONDecodeError as exc:
                raise ValueError(f"not valid JSON ({exc.msg})") from None
        return value

    @field_validator("egress_allow_networks")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        import ipaddress

        for net in value:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ValueError(f"{net!r} is not a CIDR network") from None
        return value

    @field_validator("tts_provider_chain")
    @classmethod
    def _check_chain(cls, value: list[str]) -> list[str]:
        known = ("local", "elevenlabs", "openai", "modal")
        chain = [name.lower() for name in value]
        unknown = [name for name in chain if name not in known]
        if unknown or not chain:
            raise ValueError(f"providers are {', '.join(known)}; got {', '.join(unknown) or 'none'}")
        return chain

    @field_validator("egress_allow_hosts")
    @classmethod
    def _check_hosts(cls, value: list[str]) -> list[str]:
        from media_service.media.config import parse_host_rules

        parse_host_rules(value)  # ValueError names the bad entry
        return value

    @model_validator(mode="after")
    def _exports_apart(self) -> Settings:
        own = [Path(d).expanduser().resolve() for d in (self.output_dir, self.temp_dir, self.data_dir)]
        for root in self.resolved_output_roots:
            for d in own:
                if root == d or root.is_relative_to(d) or d.is_relative_to(root):
                    raise ValueError(f"EXPORT_ROOTS: {root} overlaps {d}; job directories must stay their job's own")
        return self

    @model_validator(mode="after")
    def _tls_pair(self) -> Settings:
        if (self.tls_cert_file is None) != (self.tls_key_file is None):
            raise ValueError("TLS_CERT_FILE and TLS_KEY_FILE must be set together")
        return self

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings() merges YAML and the environment itself (so it can name the source of a
        # bad value); the model only validates what it is handed.
        return (init_settings,)

    # derived values -------------------------------------------------------
    @property
    def max_file_size_bytes(self) -> int:
        return int(self.max_file_size_mb * 1024 * 1024)

    @property
    def max_request_body_bytes(self) -> int:
        return int(self.max_request_body_mb * 1024 * 1024)

    @property
    def resolved_input_roots(self) -> list[Path]:
        roots = self.input_roots or [str(self.output_dir), str(self.temp_dir), "./media"]
        return [Path(r).expanduser().resolve() for r in roots]

    @property
    def resolved_output_roots(self) -> list[Path]:
        """EXPORT_ROOTS: where `output_path` may write (default ./exports); never OUTPUT_DIR or TEMP_DIR."""
        return [Path(r).expanduser().resolve() for r in (self.output_roots or ["./exports"])]

    @property
    def is_loopback_host(self) -> bool:
        import ipaddress

        if self.host in ("localhost", ""):
            return self.host == "localhost"
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


# Nested YAML keys (PRD §10.2 layout) → flat field names.
YAML_PATHS: dict[tuple[str, ...], str] = {
    ("service", "name"): "service_name",
    ("service", "port"): "port",
    ("service", "host"): "host",
    ("service", "public_base_url"): "public_base_url",
    ("service", "tls", "cert_file"): "tls_cert_file",
    ("service", "tls", "key_file"): "tls_key_file",
    ("api", "prefix"): "api_prefix",
    ("api", "keys"): "api_keys",
    ("api", "max_request_body_mb"): "max_request_body_mb",
    ("api", "docs_public"): "docs_public",
    ("api", "rate_limit", "enabled"): "rate_limit_enabled",
    ("api", "rate_limit", "requests_per_minute"): "rate_limit_per_minute",
    ("api", "rate_limit", "requests_per_hour"): "rate_limit_per_hour",
    ("api", "rate_limit", "burst_size"): "rate_limit_burst",
    ("api", "rate_limit", "reads_per_minute"): "rate_limit_reads_per_minute",
    ("api", "rate_limit", "reads_burst_size"): "rate_limit_reads_burst",
    ("api", "cors", "enabled"): "cors_enabled",
    ("api", "cors", "origins"): "cors_origins",
    ("jobs", "max_concurrent"): "job_max_concurrent",
    ("jobs", "default_timeout_ms"): "job_default_timeout_ms",
    ("jobs", "max_timeout_ms"): "job_max_timeout_ms",
    ("jobs", "cpu_workers"): "cpu_workers",
    ("jobs", "io_workers"): "io_workers",
    ("jobs", "gpu_workers"): "gpu_workers",
    ("jobs", "poll_interval_ms"): "job_poll_interval_ms",
    ("jobs", "lease_ttl_sec"): "job_lease_ttl_sec",
    ("jobs", "retention_hours"): "job_retention_hours",
    ("jobs", "cancel_grace_ms"): "job_cancel_grace_ms",
    ("jobs", "sync_wait_sec"): "job_sync_wait_sec",
    ("jobs", "progress_interval_ms"): "job_progress_interval_ms",
    ("jobs", "retry", "max_attempts"): "job_max_retries",
    ("jobs", "retry", "backoff_ms"): "job_retry_backoff_ms",
    ("jobs", "retry", "backoff_multiplier"): "job_retry_backoff_multiplier",
    ("jobs", "retry", "max_backoff_ms"): "job_retry_max_backoff_ms",
    ("webhooks", "timeout_ms"): "webhook_timeout_ms",
    ("webhooks", "max_attempts"): "webhook_max_attempts",
    ("webhooks", "backoff_ms"): "webhook_backoff_ms",
    ("logging", "level"): "log_level",
    ("logging", "format"): "log_format",
    ("logging", "include_request_body"): "log_include_request_body",
    ("storage", "data_dir"): "data_dir",
    ("storage", "output_dir"): "output_dir",
    ("storage", "temp_dir"): "temp_dir",
    ("storage", "max_file_size_mb"): "max_file_size_mb",
    ("storage", "input_roots"): "input_roots",
    ("storage", "output_roots"): "output_roots",
    ("storage", "export_roots"): "output_roots",
    ("storage", "output_ttl_hours"): "output_ttl_hours",
    ("storage", "music_library_dir"): "music_library_dir",
    **{("providers", vendor, key): f"{prefix}_{key}" for vendor, prefix in
       (("openai", "openai"), ("gemini", "gemini"), ("huggingface", "hf"), ("replicate", "replicate"))
       for key in ("base_url", "image_model", "timeout_ms")},
    ("providers", "openai", "tts_model"): "openai_tts_model",
    **{("providers", "elevenlabs", key): f"elevenlabs_{key}" for key in ("base_url", "model", "timeout_ms")},
    ("providers", "modal_voice", "model"): "modal_voice_model",
    ("providers", "modal_voice", "timeout_ms"): "modal_voice_timeout_ms",
    ("providers", "pexels", "base_url"): "pexels_base_url",
    ("providers", "pixabay", "base_url"): "pixabay_base_url",
    ("providers", "giphy", "base_url"): "giphy_base_url",
    ("providers", "imgflip", "base_url"): "imgflip_base_url",
    ("providers", "youtube", "base_url"): "youtube_base_url",
    ("providers", "youtube", "timeout_ms"): "youtube_timeout_ms",
    ("providers", "stock", "timeout_ms"): "stock_timeout_ms",
    ("providers", "stock", "cache_ttl_sec"): "stock_cache_ttl_sec",
    ("providers", "image_order"): "image_provider_order",
    **{("providers", "geminigen", key): f"geminigen_{key}" for key in ("base_url", "video_model", "timeout_ms")},
    ("providers", "gemini", "video_model"): "gemini_video_model",
    ("providers", "replicate", "mochi_version"): "replicate_mochi_version",
    ("providers", "replicate", "wan_t2v_version"): "replicate_wan_t2v_version",
    ("providers", "replicate", "wan_i2v_version"): "replicate_wan_i2v_version",
    ("providers", "replicate", "esrgan_version"): "replicate_esrgan_version",
    ("providers", "replicate", "gfpgan_version"): "replicate_gfpgan_version",
    ("providers", "replicate", "deoldify_version"): "replicate_deoldify_version",
    ("providers", "replicate", "video2video_version"): "replicate_video2video_version",
    ("providers", "replicate", "sadtalker_version"): "replicate_sadtalker_version",
    ("providers", "replicate", "wav2lip_version"): "replicate_wav2lip_version",
    ("providers", "modal_avatar", "timeout_ms"): "modal_avatar_timeout_ms",
    ("providers", "jamendo", "base_url"): "jamendo_base_url",
    ("providers", "freesound", "base_url"): "freesound_base_url",
    ("providers", "music", "timeout_ms"): "music_timeout_ms",
    ("providers", "video_poll_first_sec"): "video_poll_first_sec",
    ("providers", "video_poll_cap_sec"): "video_poll_cap_sec",
    ("providers", "video_poll_deadline_sec"): "video_poll_deadline_sec",
    ("providers", "sora_fallback_model"): "sora_fallback_model",
    ("providers", "text_order"): "text_provider_order",
    ("providers", "poll_deadline_sec"): "provider_poll_deadline_sec",
    ("providers", "poll_first_sec"): "provider_poll_first_sec",
    ("providers", "max_retry_wait_sec"): "provider_max_retry_wait_sec",
    **{("publish", platform, key): f"{platform}_{key}" for platform, keys in (
        ("youtube", ("client_id", "upload_base_url", "token_url", "chunk_mb")),
        ("tiktok", ("client_key", "base_url", "chunk_mb")),
        ("instagram", ("user_id", "app_id", "base_url"))) for key in keys},
    **{("publish", key): f"publish_{key}" for key in ("timeout_ms", "poll_first_sec", "poll_cap_sec",
                                                      "poll_deadline_sec")},
    ("tts", "provider_chain"): "tts_provider_chain",
    ("tts", "default_voice"): "tts_default_voice",
}
_FIELD_TO_YAML = {v: ".".join(k) for k, v in YAML_PATHS.items()}


def _flatten_yaml(doc: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for path, field in YAML_PATHS.items():
        node: Any = doc
        for part in path:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            flat[field] = node
    return flat


def _env_names(field: str) -> list[str]:
    alias = Settings.model_fields[field].validation_alias
    return [c for c in getattr(alias, "choices", []) if isinstance(c, str) and c.isupper()]


_ENV_NAMES = {field: _env_names(field) for field in Settings.model_fields}


def _setting_name(field: str, env: dict[str, str]) -> str:
    names = _ENV_NAMES.get(field, [])
    for name in names:
        if name in env:
            return name
    return _FIELD_TO_YAML.get(field, names[0] if names else field)


def load_settings(env: dict[str, str] | None = None, *, config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings from defaults, the YAML file, the environment and explicit overrides.

    Raises ConfigError with one line naming the setting at fault.
    """
    env = dict(os.environ if env is None else env)
    path = config_file or Path(env.get("REMOTION_SERVICE_CONFIG", "config/service.yaml"))
    yaml_values: dict[str, Any] = {}
    if path.is_file():
        try:
            doc = yaml.safe_load(path.read_text()) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(doc, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
        yaml_values = _flatten_yaml(doc)
    env_values = {field: env[name] for field, names in _ENV_NAMES.items() for name in names if name in env}
    try:
        return Settings(**{**yaml_values, **env_values, **overrides})
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "settings"
        raise ConfigError(f"invalid configuration: {_setting_name(field, env)}: {err['msg']}") from None
