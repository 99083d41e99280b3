"""Who speaks a request and with which voice (the provider chain), voice profiles, and the listings.

Provider chain: `provider` on the request, else TTS_PROVIDER_CHAIN (default `local`). An unconfigured
provider is passed over (recorded in `skipped`) in a chain, and answered SERVICE_UNAVAILABLE naming the
setting when asked for by name. The cloud adapters arrive with the provider layer; until then a
configured cloud provider is passed over the same way, saying so.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from media_service.engines.audio import load_audio
from media_service.engines.speech import PIPER_JOE, Voice, get_voice, list_voices, voice_for_language
from media_service.errors import NotFoundError, ServiceUnavailableError, ValidationError
from media_service.jobs.db import database_url, make_engine
from media_service.media import MediaKind
from media_service.media.resolver import MediaResolver
from media_service.media.service import media_services
from media_service.settings import Settings

from .catalog import PRD_LANGUAGE_VOICES, PROVIDERS
from .repository import ProfileRow, VoiceProfiles
from .schemas import (
    MAX_REFERENCE_SECONDS,
    MIN_REFERENCE_SECONDS,
    ProviderInfo,
    ProviderList,
    SkippedProvider,
    VoiceInfo,
    VoiceList,
    VoiceProfile,
    VoiceProfileCreate,
    VoiceProfileMetadata,
)

__all__ = ["SpeechPlan", "clone_provider_check", "create_profile", "list_providers", "list_voice_infos",
           "missing_settings", "plan_speech", "profile_out", "voice_profiles"]

_SAMPLE_RATE = 16_000  # enough to measure a reference's length and level


@dataclass(frozen=True)
class SpeechPlan:
    """The provider and voice that will speak, and what was passed over on the way."""

    provider: str
    voice: Voice
    language: str
    profile_id: str | None = None
    skipped: list[SkippedProvider] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def model_used(self) -> str:
        return f"{self.provider}/{self.voice.engine}/{self.voice.engine_voice}"


@lru_cache(maxsize=8)
def _profiles(url: str, root: str) -> VoiceProfiles:
    return VoiceProfiles(make_engine(url, pool_size=4), Path(root))


def voice_profiles(settings: Settings) -> VoiceProfiles:
    """The voice-profile repository of this process (same database as the jobs; files in DATA_DIR/voices)."""
    return _profiles(database_url(settings), str(Path(settings.data_dir).resolve() / "voices"))


def missing_settings(settings: Settings, provider: str) -> list[str]:
    """The environment variables a provider still needs (empty when configured)."""
    values = {"ELEVENLABS_API_KEY": settings.elevenlabs_api_key, "OPENAI_API_KEY": settings.openai_api_key,
              "MODAL_VOICE_ENDPOINT": settings.modal_voice_endpoint, "MODAL_VOICE_API_KEY": settings.modal_voice_api_key}
    return [name for name in PROVIDERS[provider].settings if not values.get(name)]


def _unavailable_reason(settings: Settings, provider: str) -> str | None:
    missing = missing_settings(settings, provider)
    if missing:
        return f"{provider} is not configured: set {' and '.join(missing)}"
    if provider != "local":
        return f"the {provider} speech adapter is not in this build yet"
    return None


def _check_language(provider: str, language: str | None) -> None:
    if language is not None and language.lower().split("-")[0] not in PROVIDERS[provider].languages:
        raise ValidationError(f"language: {provider} does not speak {language!r}; it speaks "
                              f"{', '.join(PROVIDERS[provider].languages)}", field="language")


def plan_speech(settings: Settings, *, provider: str | None, voice_id: str | None, voice_profile_id: str | None,
                language: str | None, model_id: str | None = None) -> SpeechPlan:
    """Choose the provider and voice for a request; 400 naming the field for bad input, 503 when nobody can."""
    if provider is not None:
        _check_language(provider, language)
        reason = _unavailable_reason(settings, provider)
        if reason:
            raise ServiceUnavailableError(reason, details={"provider": provider,
                                                           "missing": missing_settings(settings, provider)})
        return _local_plan(settings, voice_id, voice_profile_id, language, model_id, [])
    skipped: list[SkippedProvider] = []
    for name in settings.tts_provider_chain:
        reason = _unavailable_reason(settings, name)
        if reason is None:
            _check_language(name, language)
            return _local_plan(settings, voice_id, voice_profile_id, language, model_id, skipped)
        skipped.append(SkippedProvider(provider=name, reason=reason))
    raise ServiceUnavailableError("no speech provider of TTS_PROVIDER_CHAIN can speak: "
                                  + "; ".join(s.reason for s in skipped),
                                  details={"skipped": [s.model_dump() for s in skipped]})


def _local_plan(settings: Settings, voice_id: str | None, profile_id: str | None, language: str | None,
                model_id: str | None, skipped: list[SkippedProvider]) -> SpeechPlan:
    if model_id is not None and model_id not in PROVIDERS["local"].models:
        raise ValidationError(f"model_id: local models are {', '.join(PROVIDERS['local'].models)}", field="model_id")
    notes: list[str] = []
    if profile_id is not None:
        profile = _known_profile(settings, profile_id)
        voice = _voice_like(profile, language, settings)
        notes.append(f"voice profile {profile.id}: no cloning provider is configured (set MODAL_VOICE_ENDPOINT and "
                     f"MODAL_VOICE_API_KEY, or ELEVENLABS_API_KEY); spoken by the local voice {voice.id}, "
                     "chosen by the profile's language and gender")
        return SpeechPlan("local", voice, voice.language, profile.id, skipped, notes)
    if voice_id is not None:
        voice = get_voice(voice_id, field="voice_id")
        if language is not None and voice.language != language.lower().split("-")[0]:
            raise ValidationError(f"language: voice {voice.id} speaks {voice.language}, not {language}",
                                  field="language")
    elif language is not None:
        voice = voice_for_language(language, preferred=settings.tts_default_voice)
    else:
        voice = default_voice(settings)
    return SpeechPlan("local", voice, voice.language, None, skipped, notes)


def default_voice(settings: Settings) -> Voice:
    """TTS_DEFAULT_VOICE; a name that is no local voice is a configuration error (503 naming it)."""
    try:
        return get_voice(settings.tts_default_voice, field="TTS_DEFAULT_VOICE")
    except ValidationError:
        raise ServiceUnavailableError(f"TTS_DEFAULT_VOICE={settings.tts_default_voice!r} is no local voice; "
                                      "GET /api/v1/tts/voices?provider=local lists them") from None


def _known_profile(settings: Settings, profile_id: str) -> ProfileRow:
    try:
        return voice_profiles(settings).get(profile_id)
    except NotFoundError:  # in a request body, an unknown id is a bad field value
        raise ValidationError(f"voice_profile_id: no voice profile {profile_id!r}",
                              field="voice_profile_id") from None


def _voice_like(profile: ProfileRow, language: str | None, settings: Settings) -> Voice:
    code = (language or profile.metadata.get("language") or "en").lower().split("-")[0]
    gender = profile.metadata.get("gender")
    candidates = [v for v in list_voices(language=code) if gender is None or v.gender == gender]
    if not candidates:
        return voice_for_language(code, preferred=settings.tts_default_voice)
    preferred = [v for v in candidates if v.id == settings.tts_default_voice]
    return (preferred or candidates)[0]


def use_profile(settings: Settings, plan: SpeechPlan) -> None:
    """Count a use of the plan's profile (usage_count, last_used_at)."""
    if plan.profile_id is not None:
        voice_profiles(settings).mark_used(plan.profile_id)


def check_reference(path: Path, *, field: str) -> float:
    """A reference recording's length, which must be 3–30 s and not silent; 400 naming `field` otherwise."""
    samples = load_audio(path, sample_rate=_SAMPLE_RATE, channels=1, field=field)
    seconds = samples.shape[1] / _SAMPLE_RATE
    if not MIN_REFERENCE_SECONDS <= seconds <= MAX_REFERENCE_SECONDS:
        raise ValidationError(f"{field}: a voice reference must last {MIN_REFERENCE_SECONDS:g}–"
                              f"{MAX_REFERENCE_SECONDS:g} s; this one lasts {seconds:.1f} s", field=field)
    if not samples.size or float(abs(samples).max()) < 10 ** (-60 / 20):
        raise ValidationError(f"{field}: the reference is silent", field=field)
    return round(float(seconds), 2)


def fetch_reference(settings: Settings, ref: str, workdir: Path, *, field: str) -> tuple[Path, float]:
    """Fetch a reference (upload id, path, URL or data: URI) into `workdir` and check its length."""
    media = media_services(settings)
    resolver = MediaResolver(media.cfg, workdir, lambda: media.client, uploads=media.uploads)
    path = resolver.fetch(ref, field=field, accepts=(MediaKind.AUDIO, MediaKind.VIDEO))
    return path, check_reference(path, field=field)


def create_profile(settings: Settings, body: VoiceProfileCreate) -> ProfileRow:
    """Fetch and check every reference, keep copies under DATA_DIR/voices/<id>/, then store the profile."""
    repo = voice_profiles(settings)
    profile_id = repo.new_id()
    folder = repo.folder(profile_id)
    references = []
    with tempfile.TemporaryDirectory(dir=settings.temp_dir) as scratch:
        for index, ref in enumerate(body.reference_urls):
            path, seconds = fetch_reference(settings, ref, Path(scratch), field=f"reference_urls[{index}]")
            references.append((path, seconds, ref))
        folder.mkdir(parents=True, exist_ok=True)
        kept = []
        for index, (path, seconds, ref) in enumerate(references):
            name = f"reference-{index + 1}{path.suffix}"
            shutil.copyfile(path, folder / name)
            kept.append({"file": name, "seconds": seconds, "source": ref})
    try:
        return repo.create(profile_id, name=body.name, description=body.description, references=kept,
                           metadata=body.metadata.model_dump(exclude_none=True))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def profile_out(row: ProfileRow) -> VoiceProfile:
    """The API shape of a stored profile."""
    return VoiceProfile(id=row.id, name=row.name, description=row.description,
                        reference_urls=[ref["source"] for ref in row.references],
                        reference_seconds=[ref["seconds"] for ref in row.references],
                        embedding_id=row.embedding_id, embedding_provider=row.embedding_provider,
                        quality_score=row.quality_score, created_at=row.created_at, last_used_at=row.last_used_at,
                        usage_count=row.usage_count, metadata=VoiceProfileMetadata(**row.metadata))


def clone_provider_check(settings: Settings, model: str) -> None:
    """Voice cloning needs a cloning provider: SERVICE_UNAVAILABLE naming what to set (no local cloning)."""
    provider = "elevenlabs" if model == "elevenlabs" else "modal"
    reason = _unavailable_reason(settings, provider)
    if reason:
        raise ServiceUnavailableError(f"voice cloning ({model}) needs {provider}: {reason}. Local voices cannot clone.",
                                      details={"provider": provider, "missing": missing_settings(settings, provider)})


def list_voice_infos(settings: Settings, *, language: str | None, provider: str | None) -> VoiceList:
    """Built-in voices (local, and the PRD table's ElevenLabs/OpenAI voices) and the saved profiles."""
    voices: list[VoiceInfo] = []
    if provider in (None, "local"):
        voices += [VoiceInfo(id=v.id, name=v.name, provider="local", language=v.language, gender=v.gender,
                             licence=v.licence, licence_note=v.licence_note, quality=v.quality, available=True,
                             default=v.id == settings.tts_default_voice) for v in list_voices(language=language)]
    for name, index in (("elevenlabs", 0), ("openai", 1)):
        if provider not in (None, name):
            continue
        configured = not missing_settings(settings, name)
        voices += [VoiceInfo(id=ids[index], name=f"{name} {ids[index]} ({code})", provider=name, language=code,
                             available=configured)
                   for code, ids in PRD_LANGUAGE_VOICES.items()
                   if language is None or code == language.lower().split("-")[0]]
    profiles = [profile_out(row) for row in voice_profiles(settings).list()
                if language is None or row.metadata.get("language") in (None, language)]
    return VoiceList(voices=voices, profiles=profiles if provider in (None, "profile") else [])


def list_providers(settings: Settings) -> ProviderList:
    """Every provider: configured or not (and what to set), languages, features and models."""
    items = []
    for name, facts in PROVIDERS.items():
        missing = missing_settings(settings, name)
        note = None if name == "local" else _unavailable_reason(settings, name)
        if name == "local":
            note = (f"default voice {settings.tts_default_voice}"
                    + (" (see its licence note in GET /tts/voices)" if settings.tts_default_voice == PIPER_JOE else ""))
        items.append(ProviderInfo(name=name, configured=not missing, missing=missing,
                                  in_chain=name in settings.tts_provider_chain, languages=list(facts.languages),
                                  features={"cloning": facts.cloning, "timestamps": facts.timestamps,
                                            "emotion": facts.emotion, "instructions": facts.instructions},
                                  models=list(facts.models), note=note))
    return ProviderList(chain=list(settings.tts_provider_chain), default_voice=settings.tts_default_voice,
                        providers=items)
