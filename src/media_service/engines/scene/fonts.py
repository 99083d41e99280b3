"""Fonts for text layers: the installed system fonts plus custom families from the document's `fonts`.

A text style names its family followed by a fixed fallback chain (Noto for every script, colour emoji,
DejaVu), so shaping picks the same faces on every machine that has the same packages. A family that is
not installed is replaced by the default family and reported as a warning for the job log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import skia

__all__ = ["DEFAULT_FAMILY", "FALLBACK_FAMILIES", "FontChoice", "FontLibrary", "default_font_library"]

DEFAULT_FAMILY = "Inter"

FALLBACK_FAMILIES: tuple[str, ...] = (
    "Noto Sans", "Noto Color Emoji", "Noto Sans CJK SC", "Noto Sans Arabic", "Noto Sans Hebrew",
    "Noto Sans Devanagari", "Noto Sans Thai", "Noto Sans Bengali", "Noto Sans Tamil", "Noto Sans Telugu",
    "Noto Sans Kannada", "Noto Sans Malayalam", "Noto Sans Gujarati", "Noto Sans Gurmukhi", "Noto Sans Sinhala",
    "Noto Sans Khmer", "Noto Sans Lao", "Noto Sans Myanmar", "Noto Sans Georgian", "Noto Sans Armenian",
    "Noto Sans Ethiopic", "Noto Sans Symbols", "Noto Sans Symbols 2", "Noto Sans Math", "DejaVu Sans",
)
"""Tried in order for characters the requested family lacks."""

_GENERIC = {"sans-serif": "Inter", "system-ui": "Inter", "serif": "Noto Serif", "monospace": "DejaVu Sans Mono"}


@dataclass(frozen=True)
class FontChoice:
    """What a text style should use: the family list, the collection to shape with, and any warning."""

    families: tuple[str, ...]
    collection: skia.textlayout.FontCollection
    warning: str | None = None


class _System:
    """Process-wide fontconfig manager and ICU instance: building them costs ~0.4 s, and they never change."""

    _lock = threading.Lock()
    _mgr: skia.FontMgr | None = None
    _unicode: skia.Unicode | None = None

    @classmethod
    def get(cls) -> tuple[skia.FontMgr, skia.Unicode]:
        with cls._lock:
            if cls._mgr is None:
                cls._mgr = skia.FontMgr()
                cls._unicode = skia.Unicode.ICU_Make()
            assert cls._unicode is not None
            return cls._mgr, cls._unicode


class FontLibrary:
    """System fonts plus custom families. Not thread-safe (skia's collections cache lookups): one per thread.

    Layers using a system family shape with the system collection, which also falls back through fontconfig
    for any character. Layers using a custom family shape with a collection holding the custom faces and the
    fallback chain (skia's custom provider cannot fall back on its own).
    """

    def __init__(self, *, default_family: str = DEFAULT_FAMILY,
                 fallbacks: tuple[str, ...] = FALLBACK_FAMILIES) -> None:
        self._mgr, self.unicode = _System.get()
        self.default_family = default_family
        self._custom: dict[str, list[skia.Typeface]] = {}
        self._installed: dict[str, bool] = {}
        self.fallbacks = tuple(f for f in fallbacks if self.is_installed(f))
        self._system_collection = skia.textlayout.FontCollection()
        self._system_collection.setDefaultFontManager(self._mgr)
        self._custom_collection: skia.textlayout.FontCollection | None = None

    def is_installed(self, family: str) -> bool:
        """True when the family is a custom one or fontconfig has it by that exact name."""
        if family in self._custom:
            return True
        if family not in self._installed:
            self._installed[family] = self._mgr.matchFamily(family).count() > 0
        return self._installed[family]

    def add_font_file(self, family: str, path: Path | str) -> None:
        """Register a .ttf/.otf/.woff2 file under `family`; ValueError when it is not a font skia can read."""
        typeface = skia.Typeface.MakeFromFile(str(path))
        if typeface is None:
            raise ValueError(f"{Path(path).name} is not a font file this renderer can read (ttf, otf, woff2)")
        self._custom.setdefault(family, []).append(typeface)
        self._custom_collection = None

    def with_fonts(self, fonts: list[tuple[str, Path]]) -> FontLibrary:
        """A copy with extra custom families; the copy shares the system fonts."""
        copy = FontLibrary(default_family=self.default_family, fallbacks=self.fallbacks)
        copy._installed = dict(self._installed)
        copy._system_collection = self._system_collection  # keeps skia's shaping caches warm
        for family, faces in self._custom.items():
            copy._custom[family] = list(faces)
        for family, path in fonts:
            copy.add_font_file(family, path)
        return copy

    def choose(self, family: str) -> FontChoice:
        """The families and collection for a requested family; a missing family falls back with a warning."""
        warning = None
        family = _GENERIC.get(family.lower(), family)
        if not self.is_installed(family):
            warning = f"font family {family!r} is not installed; using {self.default_family!r}"
            family = self.default_family
        families = (family, *(f for f in self.fallbacks if f != family))
        if family in self._custom:
            return FontChoice(families, self._custom_fonts(), warning)
        return FontChoice(families, self._system_collection, warning)

    def _custom_fonts(self) -> skia.textlayout.FontCollection:
        if self._custom_collection is None:
            provider = skia.textlayout.TypefaceFontProvider()
            for family, faces in self._custom.items():
                for face in faces:
                    provider.registerTypeface(face, family)
            for family in (self.default_family, *self.fallbacks):
                styles = self._mgr.matchFamily(family)
                for i in range(styles.count()):
                    face = styles.createTypeface(i)
                    if face is not None:
                        provider.registerTypeface(face, family)
            collection = skia.textlayout.FontCollection()
            collection.setDefaultFontManager(provider)
            self._custom_collection = collection
        return self._custom_collection


_thread_local = threading.local()


def default_font_library() -> FontLibrary:
    """This thread's shared library of system fonts (reused so skia's shaping caches stay warm)."""
    library = getattr(_thread_local, "library", None)
    if library is None:
        library = _thread_local.library = FontLibrary()
    return library
