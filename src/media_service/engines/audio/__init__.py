"""Audio engine: decode, mix, duck, loudness, sfx, encode and the music library. Pure functions over files and
float32 numpy arrays shaped (channels, samples) at 48 kHz stereo; no HTTP, no database, no job knowledge.

Array level (compose these in renderers):
    load_audio / probe_media -> mix_tracks | apply_ducking | overlay_sfx | normalize_loudness -> save_audio
File level (one call per endpoint, each returns an AudioResult with the measured loudness):
    render_mix, render_ducked, render_sfx, render_normalized, render_excerpt
Music library:
    MusicLibrary (MUSIC_LIBRARY_DIR + the starter set), scan_library, search_tracks, estimate_bpm

Errors: ValidationError / UnsupportedMediaError (bad input, naming the field), JobCancelledError
(when the `cancelled` callable returns True), NotFoundError (unknown library track).
"""

from .decode import MediaProbe, as_samples, load_audio, probe_media, resample, to_channels
from .duck import apply_ducking, duck_gain, voice_activity
from .effects import SFX_NAMES, SfxInfo, list_sfx, synthesize_sfx
from .encode import SUFFIX_FORMATS, resolve_format, save_audio
from .library import AUDIO_SUFFIXES, MusicLibrary, scan_library
from .limiter import limit_true_peak, true_peak
from .loudness import integrated_loudness, measure, normalize_loudness
from .mix import mix_tracks, programme_length
from .models import (CHANNELS, PEAK_SAFETY, SAMPLE_RATE, AudioFormat, AudioMeasurement, AudioResult, DuckOutput,
                     Ducking, Encoding, Loudness, SfxCue, Source, Track, TrackInfo, TrackType)
from .render import render_ducked, render_excerpt, render_mix, render_normalized, render_sfx
from .search import MOOD_ALIASES, search_tracks
from .sfx import overlay_sfx
from .sources import load_source
from .stretch import change_tempo, shift_pitch
from .starter import starter_metadata, starter_tracks_dir
from .tempo import estimate_bpm, estimate_energy
from .timeline import apply_fades, loop_to_length, trim
from .video import VIDEO_SUFFIXES, write_with_video

__all__ = [
    "AUDIO_SUFFIXES",
    "CHANNELS",
    "MOOD_ALIASES",
    "PEAK_SAFETY",
    "SAMPLE_RATE",
    "SFX_NAMES",
    "SUFFIX_FORMATS",
    "VIDEO_SUFFIXES",
    "AudioFormat",
    "AudioMeasurement",
    "AudioResult",
    "DuckOutput",
    "Ducking",
    "Encoding",
    "Loudness",
    "MediaProbe",
    "MusicLibrary",
    "SfxCue",
    "SfxInfo",
    "Source",
    "Track",
    "TrackInfo",
    "TrackType",
    "apply_ducking",
    "apply_fades",
    "change_tempo",
    "as_samples",
    "duck_gain",
    "estimate_bpm",
    "estimate_energy",
    "integrated_loudness",
    "limit_true_peak",
    "list_sfx",
    "load_audio",
    "load_source",
    "loop_to_length",
    "measure",
    "mix_tracks",
    "normalize_loudness",
    "overlay_sfx",
    "probe_media",
    "programme_length",
    "render_ducked",
    "render_excerpt",
    "render_mix",
    "render_normalized",
    "render_sfx",
    "resample",
    "resolve_format",
    "save_audio",
    "shift_pitch",
    "scan_library",
    "search_tracks",
    "starter_metadata",
    "starter_tracks_dir",
    "synthesize_sfx",
    "to_channels",
    "trim",
    "true_peak",
    "voice_activity",
    "write_with_video",
]
