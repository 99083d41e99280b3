"""Who speaks a request and with which voice (the provider chain), voice profiles, and the listings.

Provider chain: `provider` on the request, else TTS_PROVIDER_CHAIN (default `local`). `plan_speech` turns
a request into candidates, in order, each a provider with its voice and model: an unconfigured provider,
one that does not speak the language or does not know the asked voice is passed over (recorded in
`skipped` with the reason); asked for by name, the same is a 503 naming the setting or a 400 naming the
field. The job speaks with the first candidate and falls through to the next on a retryable, quota,
credentials or availability failure (jobs.py), so the result says who spoke (`model_used`) and why the
ones before were skipped.

Voices: a local voice id (`piper-…`, `espeak-…`) is the local engine's; an OpenAI voice name (alloy …
cedar) OpenAI's; any other id of 8–40 letters and digits an ElevenLabs voice (checked by ElevenLabs
itself). Without a voice each provider takes its voice for the language (PRD §6.2.3 table; locally the
engine's). A voice profile speaks through the provider that holds its cloned voice (`embedding_id`),
else with the local voice closest to its language and gender, saying so.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import structlog

from media_service.engines.audio import load_audio
from media_service.engines.speech import PIPER_JOE, Voice, get_voice, list_voices, voice_for_language
from media_service.errors import NotFoundError, ServiceUnavailableError, ValidationError
from media_service.jobs.db import database_url, make_engine
from media_service.media import MediaKind
from media_service.media.resolver import MediaResolver
from media_service.media.service import media_services
from media_service.providers import ProviderError, registry_for
from media_service.providers.protocols import VoiceCloner, VoiceLister
from media_service.settings import Settings

from .catalog import MODAL_LANGUAGES, OPENAI_VOICES, PRD_LANGUAGE_VOICES, PROVIDERS, REGISTRY_NAMES
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

__all__ = ["Candidate", "SpeechPlan", "check_reference", "create_profile", "delete_profile", "fetch_reference",
           "list_providers", "list_voice_infos", "missing_settings", "plan_speech", "profile_out", "use_profile",
           "voice_profiles"]

_SAMPLE_RATE = 16_000  # enough to measure a reference's length and level
_ELEVENLABS_VOICE = re.compile(r"^[A-Za-z0-9]{8,40}$")
_log = structlog.get_logger("media_service.tts")


@dataclass(frozen=True)
class Candidate:
    """One provider that may speak the request: its voice (a local voice id or the provider's voice id)."""

    provider: str
    voice: str
    model: str
    language: str
    local: Voice | None = None
    note: str | None = None

    @property
    def model_used(self) -> str:
        if self.local is not None:
            return f"local/{self.local.engine}/{self.local.engine_voice}"
        return f"{self.provider}/{self.model}"


@dataclass(frozen=True)
class SpeechPlan:
    """The candidates in order, what was passed over on the way, and the profile being used."""

    candidates: list[Candidate]
    language: str
    profile_id: str | None = None
    skipped: list[SkippedProvider] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
    return f"{provider} is not configured: set {' and '.join(missing)}" if missing else None


def _code(language: str | None) -> str | None:
    return language.lower().split("-")[0] if language else None


def _default_model(settings: Settings, provider: str) -> str:
    return {"elevenlabs": settings.elevenlabs_model, "openai": settings.openai_tts_model,
            "modal": settings.modal_voice_model}[provider]


def _languages(provider: str, model: str) -> tuple[str, ...]:
    return MODAL_LANGUAGES.get(model, PROVIDERS[provider].languages) if provider == "modal" else \
        PROVIDERS[provider].languages


def _voice_owner(voice_id: str) -> str | None:
    """Which provider a voice id belongs to (None: nobody's)."""
    try:
        get_voice(voice_id, field="voice_id")
        return "local"
    except ValidationError:
        pass
    if voice_id in OPENAI_VOICES:
        return "openai"
    return "elevenlabs" if _ELEVENLABS_VOICE.match(voice_id) else None


def _cloud_voice(provider: str, voice_id: str | None, language: str | None) -> str:
    if voice_id is not None:
        return voice_id
    en, other = PRD_LANGUAGE_VOICES["en"], PRD_LANGUAGE_VOICES.get(language or "en")
    return (other or en)[0 if provider == "elevenlabs" else 1]


def plan_speech(settings: Settings, *, provider: str | None, voice_id: str | None, voice_profile_id: str | None,
                language: str | None, model_id: str | None = None) -> SpeechPlan:
    """Candidates for a request (module docstring); 400 naming the field for bad input, 503 when nobody can."""
    code = _code(language)
    named = provider is not None
    names = [provider] if provider is not None else list(settings.tts_provider_chain)
    profile = _known_profile(settings, voice_profile_id) if voice_profile_id else None
    if model_id is not None and not any(model_id in _models(settings, n) for n in names):
        known = sorted({m for n in names for m in _models(settings, n)})
        raise ValidationError(f"model_id: {' / '.join(names)} models are {', '.join(known)}", field="model_id")
    owner = _voice_owner(voice_id) if voice_id is not None else None
    if voice_id is not None and owner is None:
        raise ValidationError(f"voice_id: no voice {voice_id!r} (GET /api/v1/tts/voices lists them)", field="voice_id")
    if owner is not None and owner not in names:
        raise ValidationError(f"voice_id: {voice_id!r} is a {owner} voice; the request speaks with "
                              f"{' / '.join(names)}", field="voice_id")
    candidates: list[Candidate] = []
    skipped: list[SkippedProvider] = []
    notes: list[str] = []
    for name in names:
        model = model_id if model_id in _models(settings, name) else _default_model(settings, name) \
            if name != "local" else ""
        unspoken = None if code is None or code in _languages(name, model) else \
            f"{name} does not speak {language!r}; it speaks {', '.join(_languages(name, model))}"
        if named and unspoken:
            raise ValidationError(f"language: {unspoken}", field="language")
        reason = _unavailable_reason(settings, name) or unspoken
        if reason is None and owner is not None and owner != name:
            reason = f"voice {voice_id!r} belongs to {owner}, not {name}"
        if reason is None:
            candidate = _candidate(settings, name, model, voice_id, profile, code)
            if candidate is None:
                reason = (f"{name} holds no cloned voice for profile {profile.id}" if profile is not None else
                          f"{name} speaks cloned voices only (voice_profile_id, or POST /tts/voice-clone)")
            else:
                candidates.append(candidate)
                continue
        if named and reason.startswith(f"{name} is not configured"):
            raise ServiceUnavailableError(reason, details={"provider": name, "missing": missing_settings(settings, name)})
        if named:
            raise ValidationError(f"provider: {reason}", field="provider")
        skipped.append(SkippedProvider(provider=name, reason=reason))
    if not candidates:
        if code is not None and all(code not in _languages(n, _default_model(settings, n) if n != "local" else "")
                                    for n in names):
            raise ValidationError(f"language: no provider of the chain speaks {language!r}", field="language")
        raise ServiceUnavailableError("no speech provider of TTS_PROVIDER_CHAIN can speak: "
                                      + "; ".join(s.reason for s in skipped),
                                      details={"skipped": [s.model_dump() for s in skipped]})
    if profile is not None and candidates[0].local is not None:
        notes.append(f"voice profile {profile.id}: no cloning provider holds it (set MODAL_VOICE_ENDPOINT and "
                     "MODAL_VOICE_API_KEY, or ELEVENLABS_API_KEY, and clone it with POST /tts/voice-clone); "
                     f"spoken by the local voice {candidates[0].voice}, chosen by the profile's language and gender")
    return SpeechPlan(candidates, candidates[0].language, profile.id if profile else None, skipped, notes)


def _models(settings: Settings, provider: str) -> tuple[str, ...]:
    facts = PROVIDERS[provider].models
    return facts if provider == "local" else (*facts, _default_model(settings, provider))


def _candidate(settings: Settings, name: str, model: str, voice_id: str | None, profile: ProfileRow | None,
               code: str | None) -> Candidate | None:
    if profile is not None:
        if profile.embedding_provider == name and profile.embedding_id:
            language = code or profile.metadata.get("language") or "en"
            return Candidate(name, profile.embedding_id, model, language)
        if name != "local":
            return None
        voice = _voice_like(profile, code, settings)
        return Candidate("local", voice.id, "", voice.language, voice)
    if name == "local":
        if voice_id is not None:
            voice = get_voice(voice_id, field="voice_id")
            if code is not None and voice.language != code:
                raise ValidationError(f"language: voice {voice.id} speaks {voice.language}, not {code}",
                                      field="language")
        elif code is not None:
            voice = voice_for_language(code, preferred=settings.tts_default_voice)
        else:
            voice = default_voice(settings)
        return Candidate("local", voice.id, "", voice.language, voice)
    if name == "modal":
        return None if voice_id is None else Candidate(name, voice_id, model, code or "en")
    return Candidate(name, _cloud_voice(name, voice_id, code), model, code or "en")


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


def clone_provider_check(settings: Settings, provider: str, model: str) -> None:
    """Voice cloning needs a cloning provider: SERVICE_UNAVAILABLE naming what to set (no local cloning)."""
    reason = _unavailable_reason(settings, provider)
    if reason:
        raise ServiceUnavailableError(f"voice cloning ({model}) needs {provider}: {reason}. Local voices cannot clone.",
                                      details={"provider": provider, "missing": missing_settings(settings, provider)})


def delete_profile(settings: Settings, profile_id: str) -> None:
    """Delete a profile and its files; its cloned voice at the provider is forgotten too (best effort)."""
    repo = voice_profiles(settings)
    row = repo.get(profile_id)
    repo.delete(profile_id)
    if row.embedding_id and row.embedding_provider in REGISTRY_NAMES and not missing_settings(
            settings, row.embedding_provider):
        provider = registry_for(settings).speech(REGISTRY_NAMES[row.embedding_provider])
        try:
            if isinstance(provider, VoiceCloner):
                provider.delete_voice(row.embedding_id)
        except ProviderError as exc:
            _log.warning("tts.profile.voice_not_deleted", profile_id=profile_id, provider=row.embedding_provider,
                         error=exc.message)


def list_voice_infos(settings: Settings, *, language: str | None, provider: str | None) -> VoiceList:
    """Built-in voices (local; ElevenLabs' own list when configured, else the PRD table's; OpenAI's) and the
    saved profiles. An ElevenLabs listing that fails falls back to the table, with a note."""
    code = _code(language)
    voices: list[VoiceInfo] = []
    notes: list[str] = []
    if provider in (None, "local"):
        voices += [VoiceInfo(id=v.id, name=v.name, provider="local", language=v.language, gender=v.gender,
                             licence=v.licence, licence_note=v.licence_note, quality=v.quality, available=True,
                             default=v.id == settings.tts_default_voice) for v in list_voices(language=language)]
    if provider in (None, "elevenlabs"):
        listed = None
        if not missing_settings(settings, "elevenlabs"):
            lister = registry_for(settings).speech("elevenlabs")
            try:
                listed = lister.voices() if isinstance(lister, VoiceLister) else None
            except ProviderError as exc:
                notes.append(f"elevenlabs voices could not be listed ({exc.message}); showing the PRD table")
        if listed is not None:
            voices += [VoiceInfo(id=v.id, name=v.name, provider="elevenlabs", language=v.language or "multi",
                                 gender=v.gender, quality=v.category, available=True)
                       for v in listed if code is None or v.language in (None, code)]
        else:
            voices += _table_voices(settings, "elevenlabs", 0, code)
    if provider in (None, "openai"):
        configured = not missing_settings(settings, "openai")
        table = {ids[1]: lang for lang, ids in PRD_LANGUAGE_VOICES.items()}
        voices += [VoiceInfo(id=name, name=f"OpenAI {name}", provider="openai", language=table.get(name, "multi"),
                             available=configured) for name in OPENAI_VOICES
                   if code is None or table.get(name) in (None, code) or
                   PRD_LANGUAGE_VOICES.get(code, ("", ""))[1] == name]
    profiles = [profile_out(row) for row in voice_profiles(settings).list()
                if language is None or row.metadata.get("language") in (None, language)]
    return VoiceList(voices=voices, profiles=profiles if provider in (None, "profile") else [], notes=notes)


def _table_voices(settings: Settings, name: str, index: int, code: str | None) -> list[VoiceInfo]:
    configured = not missing_settings(settings, name)
    return [VoiceInfo(id=ids[index], name=f"{name} {ids[index]} ({lang})", provider=name, language=lang,
                      available=configured)
            for lang, ids in PRD_LANGUAGE_VOICES.items() if code is None or lang == code]


def list_providers(settings: Settings) -> ProviderList:
    """Every provider: configured or not (and what to set), languages, features and models."""
    items = []
    for name, facts in PROVIDERS.items():
        missing = missing_settings(settings, name)
        note = _unavailable_reason(settings, name)
        if name == "local":
            note = (f"default voice {settings.tts_default_voice}"
                    + (" (see its licence note in GET /tts/voices)" if settings.tts_default_voice == PIPER_JOE else ""))
        models = list(_models(settings, name))
        items.append(ProviderInfo(name=name, configured=not missing, missing=missing,
                                  in_chain=name in settings.tts_provider_chain, languages=list(facts.languages),
                                  features={"cloning": facts.cloning, "timestamps": facts.timestamps,
                                            "emotion": facts.emotion, "instructions": facts.instructions},
                                  models=list(dict.fromkeys(models)),
                                  default_model=None if name == "local" else _default_model(settings, name),
                                  note=note))
    return ProviderList(chain=list(settings.tts_provider_chain), default_voice=settings.tts_default_voice,
                        providers=items)
