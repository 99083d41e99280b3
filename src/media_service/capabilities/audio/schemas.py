"""Requests and results of `/api/v1/audio/*`: PRD §6.5 AudioMixRequest and MusicSearchRequest as written,
plus the extras the audio engine offers (trims, loops, loudness targets, more encoders, duck/sfx/normalise).

Every job request inherits `JobOptions` (priority, webhooks, sync, …) and `AudioOutputOptions` (format,
bitrate, output_path). Limits live here so a bad value is a 400 naming its field before any job exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from media_service.engines.audio import SFX_NAMES
from media_service.jobs import JobOptions
from media_service.media import MediaKind, OutputRef, classify_ref, media_ref
from media_service.models import StrictModel

__all__ = [
    "AudioFormat", "AudioJobResult", "AudioMixRequest", "AudioOutput", "AudioOutputOptions", "DuckRequest",
    "DuckSettings", "DuckingOptions", "MixTrack", "MusicDownloadRequest", "MusicDownloadResult", "MusicSearchCriteria",
    "MusicSearchRequest", "MusicSearchResult", "MusicSource", "MusicSourceList", "MusicTrack", "NormalizeRequest",
    "SfxCueRequest", "SfxEffectInfo", "SfxList", "SfxRequest", "SoundRef",
]

AudioFormat = Literal["mp3", "wav", "aac", "opus", "flac"]
TrackType = Literal["voiceover", "music", "sfx"]
# Positions and lengths in requests. A programme is held in memory as float32 stereo (23 MB a minute per
# bus), so an hour-long `duration` typo would cost gigabytes; inputs themselves may be longer.
MAX_SECONDS = 1800.0
# Audio, or a video whose first audio stream is used (audio-only MP4/WebM look like video to a sniffer).
if TYPE_CHECKING:
    SoundRef: TypeAlias = str  # media_ref builds an Annotated[str, ...] at run time, which mypy cannot follow
else:
    SoundRef = media_ref(MediaKind.AUDIO, MediaKind.VIDEO)

Volume = Annotated[float, Field(ge=0, le=1, description="Linear gain 0–1")]
Seconds = Annotated[float, Field(ge=0, le=MAX_SECONDS, description="Seconds")]
Position = Annotated[float, Field(ge=0, le=86_400, description="Seconds into the source")]
Millis = Annotated[float, Field(ge=0, le=10_000, description="Milliseconds")]


class AudioOutputOptions(JobOptions):
    """How the output is written: format, bitrate, true-peak ceiling and an optional copy at output_path."""

    output_format: AudioFormat = Field("mp3", description="mp3, wav, aac (.m4a), opus (.opus) or flac")
    bitrate: int | None = Field(None, ge=16_000, le=512_000, description="bits/s for mp3, aac and opus")
    true_peak_db: float = Field(-1.0, ge=-20, le=0, description="True-peak ceiling (dBTP), always applied")
    output_path: str | None = Field(None, max_length=4096, description="Also write the file here (under EXPORT_ROOTS)")
    overwrite: bool = Field(False, description="Replace an existing file at output_path")


class MixTrack(StrictModel):
    """One input of a mix (PRD AudioMixRequest.tracks[]) with trim and loop extras."""

    url: SoundRef
    type: TrackType
    volume: Volume = 1.0
    start_time: Seconds = Field(0.0, description="Where the track starts in the programme (s)")
    fade_in: Seconds = 0.0
    fade_out: Seconds = 0.0
    trim_start: Position = Field(0.0, description="Skip this much of the source (s)")
    trim_end: float | None = Field(None, gt=0, le=86_400, description="Stop at this source position (s)")
    loop: bool | None = Field(None, description="Repeat to fill the programme; default: music loops, others play once")

    @field_validator("trim_end")
    @classmethod
    def _after_trim_start(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is not None and value <= info.data.get("trim_start", 0.0):
            raise ValueError("trim_end must be greater than trim_start")
        return value


class DuckSettings(StrictModel):
    """Sidechain ducking: music sits at duck_to (linear) while the voice speaks."""

    duck_to: Volume = Field(0.25, description="Music gain while the voice speaks (0–1)")
    attack_ms: Millis = Field(80.0, description="How early the music starts going down before speech")
    release_ms: Millis = Field(400.0, description="How long the music takes to come back after speech")
    threshold_db: float = Field(-40.0, ge=-90, le=0, description="Voice level (dBFS, 20 ms RMS) that counts as speech")
    hold_ms: Millis = Field(350.0, description="Pauses shorter than this do not release the music")


class DuckingOptions(DuckSettings):
    """PRD AudioMixRequest.ducking."""

    enabled: bool = True
    duck_sfx: bool = Field(False, description="Duck the sfx tracks too")


class AudioMixRequest(AudioOutputOptions):
    """POST /audio/mix: PRD AudioMixRequest plus duration and a loudness target."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"tracks": [{"url": "https://example.com/media/voice.wav", "type": "voiceover"},
                    {"url": "https://example.com/media/music.mp3",
                     "type": "music",
                     "volume": 0.6,
                     "fade_out": 2}],
         "output_format": "mp3"}]})

    tracks: list[MixTrack] = Field(min_length=1, max_length=64)
    ducking: DuckingOptions | None = None
    duration: float | None = Field(None, gt=0, le=MAX_SECONDS,
                                   description="Programme length (s); default: until the last voiceover/sfx ends")
    target_lufs: float | None = Field(-14.0, ge=-60, le=0, description="Integrated loudness target; null keeps the level")


class DuckRequest(AudioOutputOptions, DuckSettings):
    """POST /audio/duck: duck `music` under `voice`; the mix, or the ducked music alone."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"voice": "https://example.com/media/voice.wav",
         "music": "https://example.com/media/music.mp3",
         "duck_to": 0.25,
         "output_format": "mp3"}]})

    voice: SoundRef
    music: SoundRef
    output: Literal["mix", "music"] = Field("mix", description="mix: voice + ducked music; music: the ducked music")
    target_lufs: float | None = Field(None, ge=-60, le=0, description="Loudness target; null keeps the levels")


class SfxCueRequest(StrictModel):
    """One effect: a built-in name (GET /audio/sfx) or a media reference, placed at `at` seconds."""

    sfx: str = Field(min_length=1, max_length=16_000_000, examples=["whoosh", "upl_3q2mzv7xk4c5d6e7f2g3h2j3k4"])
    at: Seconds
    volume: Volume = 1.0

    @field_validator("sfx")
    @classmethod
    def _name_or_reference(cls, value: str) -> str:
        if value in SFX_NAMES:
            return value
        try:
            classify_ref(value)
        except ValueError:
            raise ValueError(f"unknown built-in effect {value[:40]!r}; choose one of {', '.join(SFX_NAMES)} "
                             "or give a media reference (absolute path, URL, data: URI or upload id)") from None
        return value

    @property
    def builtin(self) -> bool:
        return self.sfx in SFX_NAMES


class SfxRequest(AudioOutputOptions):
    """POST /audio/sfx: overlay effects on an audio file, or on a video (its video stream is copied)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"base": "https://example.com/media/voice.wav",
         "effects": [{"sfx": "whoosh", "at": 0.5}, {"sfx": "ding", "at": 2.0}]}]})

    base: SoundRef
    effects: list[SfxCueRequest] = Field(min_length=1, max_length=500)
    output_format: AudioFormat | None = Field(  # type: ignore[assignment]
        None, description="null: a video base stays a video (stream-copied), an audio base becomes mp3")
    target_lufs: float | None = Field(None, ge=-60, le=0, description="Loudness target; null keeps the level")


class NormalizeRequest(AudioOutputOptions):
    """POST /audio/normalize: loudness-normalise audio, or a video's audio with the video stream copied."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"input": "https://example.com/media/voice.wav", "target_lufs": -16, "output_format": "mp3"}]})

    input: SoundRef
    target_lufs: float = Field(-14.0, ge=-60, le=0, description="Integrated loudness target (LUFS)")
    output_format: AudioFormat | None = Field(  # type: ignore[assignment]
        None, description="null: a video stays a video (stream-copied), audio becomes mp3")


class MusicDownloadRequest(AudioOutputOptions):
    """POST /audio/music/download: a library track (by track_id, or source + id), optionally cut or looped."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"track_id": "15a391a69e3038e0",
         "duration": 30, "fade_out": 2, "output_format": "mp3"}]})

    track_id: str | None = Field(None, min_length=1, max_length=64, description="An id from /audio/music/search")
    source: str | None = Field(None, max_length=40, description="With `id`: the source the id belongs to")
    id: str | None = Field(None, min_length=1, max_length=64)
    duration: float | None = Field(None, gt=0, le=MAX_SECONDS, description="Cut (or loop) to this length (s)")
    start: Position = Field(0.0, description="Start this far into the track (s)")
    loop: bool = Field(True, description="Loop with a crossfade when the track is shorter than duration")
    fade_in: Seconds = 0.0
    fade_out: Seconds = 0.0
    target_lufs: float | None = Field(None, ge=-60, le=0, description="Loudness target; null keeps the level")

    @model_validator(mode="after")
    def _one_reference(self) -> MusicDownloadRequest:
        if self.track_id is None and (self.source is None or self.id is None):
            raise ValueError("give track_id, or source and id")
        return self


class MusicSearchCriteria(StrictModel):
    """PRD MusicSearchRequest.search_criteria (mood also takes the library's own moods), plus energy."""

    query: str | None = Field(None, max_length=200, description="Words matched against title, artist, genre, mood, tags")
    mood: str | None = Field(None, max_length=40, examples=["upbeat", "calm", "dramatic", "happy", "sad"])
    genre: str | None = Field(None, max_length=60)
    duration_min: float | None = Field(None, ge=0, le=MAX_SECONDS)
    duration_max: float | None = Field(None, ge=0, le=MAX_SECONDS)
    bpm_min: float | None = Field(None, ge=0, le=400)
    bpm_max: float | None = Field(None, ge=0, le=400)
    energy_min: float | None = Field(None, ge=0, le=1)
    energy_max: float | None = Field(None, ge=0, le=1)

    @field_validator("duration_max", "bpm_max", "energy_max")
    @classmethod
    def _not_below_min(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get(str(info.field_name).replace("_max", "_min"))
        if value is not None and low is not None and value < low:
            raise ValueError(f"must not be below {str(info.field_name).replace('_max', '_min')}")
        return value


class MusicSearchRequest(StrictModel):
    """POST /audio/music/search (PRD MusicSearchRequest). `source` defaults to the local library."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"search_criteria": {"mood": "upbeat"}, "limit": 5}]})

    source: str = Field("local", max_length=40, description="A source from GET /audio/sources that is available")
    search_criteria: MusicSearchCriteria = Field(default_factory=lambda: MusicSearchCriteria.model_validate({}),
                                                 description="The filters; they may also be given at the top level "
                                                             "(`{\"query\": \"upbeat\"}`)")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000, description="Results to skip (the next page: `next_offset`)")

    @model_validator(mode="before")
    @classmethod
    def _flat_criteria(cls, data: object) -> object:
        """`{"query": "upbeat"}` means `{"search_criteria": {"query": "upbeat"}}`: the flat form users try first."""
        if not isinstance(data, dict):
            return data
        flat = {k: data[k] for k in MusicSearchCriteria.model_fields if k in data}
        if not flat:
            return data
        nested = data.get("search_criteria") or {}
        if not isinstance(nested, dict) or set(flat) & set(nested):
            return data  # both forms for one filter: left to the unknown-field error, which names it
        rest = {k: v for k, v in data.items() if k not in flat}
        return {**rest, "search_criteria": {**nested, **flat}}


class DownloadHint(BaseModel):
    """How to get the track as a job output."""

    method: Literal["POST"] = "POST"
    path: str
    body: dict[str, str]


class MusicTrack(BaseModel):
    """A track as search and download report it: a local library file, or a Jamendo/Freesound result with its
    licence and the attribution line that licence asks for."""

    id: str
    title: str
    artist: str | None = None
    album: str | None = None
    mood: str | None = None
    genre: str | None = None
    tags: list[str] = Field(default_factory=list)
    duration_seconds: float
    bpm: float | None = Field(None, description="Listed tempo when known, else the estimate")
    bpm_estimated: float | None = None
    key: str | None = None
    energy: float | None = Field(None, description="0 (quiet, sparse) – 1 (loud, dense)")
    licence: str | None = None
    licence_url: str | None = None
    commercial_use: bool | None = Field(None, description="Cloud tracks: whether the licence allows commercial "
                                        "use (CC …-NC: no; Jamendo sells commercial licences separately)")
    attribution_required: bool | None = None
    attribution: str | None = Field(None, description="The credit line to show with the track")
    source: str = Field(description="`library` (MUSIC_LIBRARY_DIR) or `starter` for local files; `jamendo`, "
                        "`freesound`")
    source_page: str | None = None
    path: str | None = Field(None, description="The file on the service host (local tracks)")
    preview_url: str = Field(description="GET: the file (local: needs a read key; cloud: the vendor's audio)")
    is_preview: bool = Field(False, description="Freesound: the HQ MP3 preview is what downloads get")
    download: DownloadHint


class MusicSearchResult(BaseModel):
    source: str
    count: int
    tracks: list[MusicTrack]
    total: int | None = Field(None, description="All matches at the source, when it says")
    offset: int = 0
    has_more: bool = False
    next_offset: int | None = Field(None, description="`offset` of the next page")
    notes: list[str] = Field(default_factory=list, description="How the filters were mapped to the source")


class LibraryFolder(BaseModel):
    name: str
    path: str
    available: bool
    tracks: int
    licence: str | None = None


class MusicSource(BaseModel):
    """A music source and whether it can be used now."""

    name: str
    kind: Literal["local", "cloud"]
    available: bool
    status: Literal["available", "not_configured", "not_a_stock_source"]
    reason: str | None = None
    setting: str | None = Field(None, description="What to set to enable it")
    tracks: int | None = None
    folders: list[LibraryFolder] | None = None


class MusicSourceList(BaseModel):
    default: str
    sources: list[MusicSource]


class SfxEffectInfo(BaseModel):
    name: str
    duration_seconds: float
    description: str


class SfxList(BaseModel):
    effects: list[SfxEffectInfo]


class AudioOutput(OutputRef):
    """The output file with the engine's measurement of its audio (taken before lossy encoding)."""

    format: str
    integrated_lufs: float | None = Field(None, description="Integrated loudness (LUFS); null for silence")
    true_peak_db: float | None = Field(None, description="True peak (dBTP); null for silence")
    video_copied: bool = Field(False, description="The video stream was copied from the input, not re-encoded")


class AudioJobResult(BaseModel):
    output: AudioOutput


class MusicDownloadResult(AudioJobResult):
    track: MusicTrack
