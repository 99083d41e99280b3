"""Search a scanned music library by text, mood, genre, duration, BPM and energy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from media_service.errors import ValidationError

from .models import TrackInfo

# The PRD's moods (upbeat, calm, dramatic, happy, sad) reach the nearest moods a library may use, so
# a search for any of them finds music in the starter set (calm, energetic, happy, nostalgic, tender).
MOOD_ALIASES: dict[str, tuple[str, ...]] = {
    "upbeat": ("energetic", "happy", "uplifting"),
    "calm": ("relaxed", "peaceful", "ambient", "tender"),
    "dramatic": ("epic", "cinematic", "tense", "energetic"),
    "happy": ("joyful", "cheerful", "upbeat"),
    "sad": ("melancholic", "nostalgic", "tender"),
    "energetic": ("upbeat",),
}
MAX_LIMIT = 500


def search_tracks(tracks: Iterable[TrackInfo], *, query: str | None = None, mood: str | None = None,
                  genre: str | None = None, duration_min: float | None = None, duration_max: float | None = None,
                  bpm_min: float | None = None, bpm_max: float | None = None, energy_min: float | None = None,
                  energy_max: float | None = None, limit: int = 20) -> list[TrackInfo]:
    """Tracks matching every given criterion, best first.

    Every word of `query` must appear in the title, artist, album, genre, mood or tags; title hits
    rank highest. `mood` matches exactly, or through MOOD_ALIASES (ranked after exact matches).
    `genre` matches the genre or a tag. Ranges are inclusive; a track without a BPM does not match
    a BPM range.
    """
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    _check_range(duration_min, duration_max, "duration")
    _check_range(bpm_min, bpm_max, "bpm")
    _check_range(energy_min, energy_max, "energy")
    words = re.findall(r"\w+", query.lower()) if query else []
    scored: list[tuple[float, TrackInfo]] = []
    for track in tracks:
        if not (_within(track.duration_seconds, duration_min, duration_max)
                and _within(track.bpm, bpm_min, bpm_max) and _within(track.energy, energy_min, energy_max)):
            continue
        if genre and not _genre_matches(track, genre):
            continue
        mood_score = _mood_score(track, mood) if mood else 0.0
        text_score = _text_score(track, words) if words else 0.0
        if mood_score < 0 or text_score < 0:
            continue
        scored.append((mood_score + text_score, track))
    scored.sort(key=lambda item: (-item[0], item[1].title.lower(), item[1].id))
    return [track for _, track in scored[:limit]]


def _check_range(low: float | None, high: float | None, name: str) -> None:
    if low is not None and high is not None and low > high:
        raise ValidationError(f"{name}_min must not exceed {name}_max", field=f"{name}_min")


def _within(value: float | None, low: float | None, high: float | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _genre_matches(track: TrackInfo, genre: str) -> bool:
    wanted = genre.strip().lower()
    return wanted in (track.genre or "").lower() or any(wanted == tag.lower() for tag in track.tags)


def _mood_score(track: TrackInfo, mood: str) -> float:
    """2 for an exact mood, 1 for an alias, -1 for no match."""
    wanted = mood.strip().lower()
    have = (track.mood or "").lower()
    if have == wanted:
        return 2.0
    return 1.0 if have and have in MOOD_ALIASES.get(wanted, ()) else -1.0


def _text_score(track: TrackInfo, words: list[str]) -> float:
    """Sum of per-word field weights, -1 when a word matches nothing."""
    fields = [
        (3.0, track.title), (2.0, " ".join(track.tags)), (2.0, track.genre or ""), (2.0, track.mood or ""),
        (1.0, track.artist or ""), (1.0, track.album or ""),
    ]
    total = 0.0
    for word in words:
        best = max((weight for weight, text in fields if word in text.lower()), default=0.0)
        if best == 0.0:
            return -1.0
        total += best
    return total
