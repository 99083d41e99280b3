"""Languages a script can be written in: names and ISO 639-1 codes, and the local generator's phrases.

`resolve_language("Bahasa Indonesia")` → `Language("id", "indonesian")`; an unknown name is `None` (the
caller answers 400 naming its field). The contract's four languages (Indonesian, English, Hindi, Spanish)
have local phrases; every other listed language is accepted for text providers, and the local generator
writes its framing lines in English for them and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LANGUAGES", "Language", "Phrases", "phrases_for", "resolve_language"]


@dataclass(frozen=True, slots=True)
class Language:
    """A language by ISO 639-1 code and the lowercase English name the contract uses (`indonesian`)."""

    code: str
    name: str


_NAMES = {
    "id": ("indonesian", "bahasa indonesia", "bahasa", "indonesia"), "en": ("english",), "hi": ("hindi",),
    "es": ("spanish", "español", "espanol"), "pt": ("portuguese", "português"), "fr": ("french", "français"),
    "de": ("german", "deutsch"), "it": ("italian",), "nl": ("dutch",), "pl": ("polish",), "ru": ("russian",),
    "tr": ("turkish",), "ar": ("arabic",), "ja": ("japanese",), "ko": ("korean",), "zh": ("chinese", "mandarin"),
    "vi": ("vietnamese",), "th": ("thai",), "ms": ("malay", "bahasa melayu"), "tl": ("tagalog", "filipino"),
    "bn": ("bengali", "bangla"), "ur": ("urdu",), "ta": ("tamil",), "te": ("telugu",), "mr": ("marathi",),
    "jv": ("javanese",), "su": ("sundanese",), "sw": ("swahili",), "uk": ("ukrainian",), "fa": ("persian", "farsi"),
}
LANGUAGES: dict[str, Language] = {code: Language(code, names[0]) for code, names in _NAMES.items()}
_BY_NAME = {name: LANGUAGES[code] for code, names in _NAMES.items() for name in (code, *names)}


def resolve_language(value: str) -> Language | None:
    """The language named by `value` (a name or an ISO code, any case; `en-US` is English), else None."""
    key = re.sub(r"\s+", " ", value.strip().lower())
    return _BY_NAME.get(key) or _BY_NAME.get(key.split("-")[0].split("_")[0])


@dataclass(frozen=True, slots=True)
class Phrases:
    """The local generator's lines in one language. `{topic}` is the subject, `{n}` a step number."""

    hooks: dict[str, str]      # pattern → hook line
    bodies: tuple[str, ...]    # framing lines for topic/title input, in the order a script uses them
    step: str                  # how a numbered point starts ("Step {n}:")
    cta: dict[str, str]        # platform (or "default") → closing line (no topic: it must read after any)


_EN = Phrases(
    hooks={"curiosity_gap": "Nobody tells you this about {topic}, and it changes everything.",
           "pain_point": "Still struggling with {topic}? Here's what you're doing wrong.",
           "bold_claim": "{topic}: you've been doing it the hard way.",
           "question": "What if {topic} took half the effort?"},
    bodies=("Here's what most people miss about {topic}: the basics come first.",
            "Start small: pick one change and do it today, not tomorrow.",
            "Then track it for a week, so you can see what actually works.",
            "Here's the part nobody mentions: consistency beats intensity every time.",
            "Avoid the classic mistake of trying to fix everything at once.",
            "Put it all together, and {topic} stops feeling hard."),
    step="Step {n}:",
    cta={"default": "Try it today, and follow for more tips like this!",
         "youtube_shorts": "Try it today, and subscribe for more tips like this!"},
)
_ID = Phrases(
    hooks={"curiosity_gap": "Jarang ada yang bahas ini soal {topic}, padahal ngaruh banget.",
           "pain_point": "Udah usaha tapi {topic} masih gagal terus? Ini yang salah!",
           "bold_claim": "{topic}: selama ini kamu melakukannya dengan cara yang susah.",
           "question": "Gimana kalau {topic} bisa dicapai dengan setengah usaha?"},
    bodies=("Kebanyakan orang salah soal {topic} karena melewatkan dasarnya.",
            "Mulai dari yang kecil: pilih satu perubahan dan lakukan hari ini juga.",
            "Lalu catat hasilnya selama seminggu, supaya kelihatan apa yang benar-benar berhasil.",
            "Ini yang jarang dibahas: konsisten selalu menang dari sekadar semangat.",
            "Hindari kesalahan klasik: mencoba memperbaiki semuanya sekaligus.",
            "Kalau semua digabung, {topic} jadi jauh lebih gampang."),
    step="Rahasia nomor {n}:",
    cta={"default": "Cobain sekarang! Follow untuk tips lainnya!",
         "youtube_shorts": "Cobain sekarang! Subscribe untuk tips lainnya!"},
)
_HI = Phrases(
    hooks={"curiosity_gap": "{topic} के बारे में यह बात कोई नहीं बताता, और यही सब बदल देती है।",
           "pain_point": "{topic} में मेहनत के बाद भी नतीजा नहीं? गलती यहाँ है!",
           "bold_claim": "{topic}: आप अब तक इसे मुश्किल तरीके से कर रहे थे।",
           "question": "क्या हो अगर {topic} आधी मेहनत में हो जाए?"},
    bodies=("ज़्यादातर लोग {topic} में गलती करते हैं क्योंकि वे बुनियादी बातें छोड़ देते हैं।",
            "छोटी शुरुआत करें: एक बदलाव चुनें और आज ही करें।",
            "फिर एक हफ़्ते तक उसे नोट करें, ताकि दिखे कि असल में क्या काम करता है।",
            "जो कोई नहीं बताता: लगातार कोशिश हमेशा जोश से जीतती है।",
            "सबसे आम गलती से बचें: सब कुछ एक साथ ठीक करने की कोशिश।",
            "सब मिलाकर, {topic} आसान लगने लगेगा।"),
    step="नंबर {n}:",
    cta={"default": "आज ही आज़माएँ, और ऐसे ही टिप्स के लिए फ़ॉलो करें!",
         "youtube_shorts": "आज ही आज़माएँ, और ऐसे ही टिप्स के लिए सब्सक्राइब करें!"},
)
_ES = Phrases(
    hooks={"curiosity_gap": "Nadie te cuenta esto sobre {topic}, y lo cambia todo.",
           "pain_point": "¿Sigues luchando con {topic}? Esto es lo que haces mal.",
           "bold_claim": "{topic}: lo has estado haciendo de la forma difícil.",
           "question": "¿Y si {topic} te costara la mitad del esfuerzo?"},
    bodies=("La mayoría falla en {topic} porque se salta lo básico.",
            "Empieza en pequeño: elige un cambio y hazlo hoy, no mañana.",
            "Luego anótalo durante una semana, para ver qué funciona de verdad.",
            "Lo que nadie dice: la constancia le gana a la intensidad siempre.",
            "Evita el error clásico de querer arreglarlo todo a la vez.",
            "Júntalo todo y {topic} deja de parecer difícil."),
    step="Paso {n}:",
    cta={"default": "¡Pruébalo hoy y sígueme para más consejos como este!",
         "youtube_shorts": "¡Pruébalo hoy y suscríbete para más consejos como este!"},
)
_PHRASES = {"en": _EN, "id": _ID, "hi": _HI, "es": _ES}


def phrases_for(code: str) -> tuple[Phrases, bool]:
    """The local phrases for `code` and whether they are in that language (else English ones)."""
    return (_PHRASES[code], True) if code in _PHRASES else (_EN, False)
