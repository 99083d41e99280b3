"""The music fakes' shared catalogue: 30 tracks with stable ids, titles, artists, durations, genres, moods,
tempos, Creative Commons licences and download permissions (every third track may not be downloaded)."""

from __future__ import annotations

from dataclasses import dataclass

GENRES = ("ambient", "rock", "electronic", "pop", "jazz")
MOODS = ("calm", "happy", "upbeat", "dramatic", "sad", "energetic")
LICENCES = ("http://creativecommons.org/licenses/by/4.0/", "http://creativecommons.org/licenses/by-nc/3.0/",
            "http://creativecommons.org/licenses/by-sa/4.0/", "http://creativecommons.org/publicdomain/zero/1.0/",
            "http://creativecommons.org/licenses/by-nc-nd/3.0/")


@dataclass(frozen=True)
class Track:
    id: int
    name: str
    artist: str
    duration: int
    genre: str
    mood: str
    bpm: int
    licence: str
    downloadable: bool


CATALOGUE: tuple[Track, ...] = tuple(
    Track(id=1_886_200 + i, name=f"{MOODS[i % 6].capitalize()} {GENRES[i % 5].capitalize()} {i + 1}",
          artist=f"Artist {i % 7}", duration=30 + (i * 37) % 240, genre=GENRES[i % 5], mood=MOODS[i % 6],
          bpm=60 + (i * 13) % 120, licence=LICENCES[i % 5], downloadable=i % 3 != 2)
    for i in range(30))


def words(track: Track) -> str:
    return f"{track.name} {track.artist} {track.genre} {track.mood}".lower()
