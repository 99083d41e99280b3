"""The starter knowledge base: hook patterns that work on short-video platforms, each as a line with a
`{topic}` slot, in English, Indonesian, Spanish and Hindi. Written for this service (no third-party text).

The operator extends it through `POST /api/v1/scripts/knowledge`; starter entries can be deleted like any
other and are not brought back.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STARTER", "StarterEntry"]


@dataclass(frozen=True, slots=True)
class StarterEntry:
    id: str
    pattern: str
    language: str
    text: str
    example: str


_LINES: dict[str, dict[str, tuple[str, str]]] = {
    "curiosity_gap": {
        "en": ("Nobody tells you this about {topic}, and it changes everything.",
               "Nobody tells you this about saving money, and it changes everything."),
        "id": ("Jarang ada yang bahas ini soal {topic}, padahal ngaruh banget.",
               "Jarang ada yang bahas ini soal tidur siang, padahal ngaruh banget."),
        "es": ("Nadie te cuenta esto sobre {topic}, y lo cambia todo.",
               "Nadie te cuenta esto sobre el café, y lo cambia todo."),
        "hi": ("{topic} के बारे में यह बात कोई नहीं बताता।", "पानी पीने के बारे में यह बात कोई नहीं बताता।"),
    },
    "pain_point": {
        "en": ("Still struggling with {topic}? Here's what you're doing wrong.",
               "Still struggling with sleep? Here's what you're doing wrong."),
        "id": ("Udah usaha tapi {topic} masih gagal terus? Ini yang salah!",
               "Kerja seharian tapi nggak produktif? Ini yang salah!"),
        "es": ("¿Sigues luchando con {topic}? Esto es lo que haces mal.",
               "¿Sigues luchando con el inglés? Esto es lo que haces mal."),
        "hi": ("{topic} में मेहनत के बाद भी नतीजा नहीं? गलती यहाँ है!",
               "पढ़ाई में मेहनत के बाद भी नतीजा नहीं? गलती यहाँ है!"),
    },
    "bold_claim": {
        "en": ("{topic}: you've been doing it the hard way.", "Meal prep: you've been doing it the hard way."),
        "id": ("{topic}: selama ini kamu melakukannya dengan cara yang susah.",
               "Belajar bahasa Inggris: selama ini kamu melakukannya dengan cara yang susah."),
        "es": ("{topic}: lo has estado haciendo de la forma difícil.",
               "Ahorrar: lo has estado haciendo de la forma difícil."),
        "hi": ("{topic}: आप अब तक इसे मुश्किल तरीके से कर रहे थे।", "बचत: आप अब तक इसे मुश्किल तरीके से कर रहे थे।"),
    },
    "question": {
        "en": ("What if {topic} took half the effort?", "What if getting fit took half the effort?"),
        "id": ("Gimana kalau {topic} bisa dicapai dengan setengah usaha?",
               "Gimana kalau badan fit bisa dicapai dengan setengah usaha?"),
        "es": ("¿Y si {topic} te costara la mitad del esfuerzo?", "¿Y si aprender a cocinar te costara la mitad?"),
        "hi": ("क्या हो अगर {topic} आधी मेहनत में हो जाए?", "क्या हो अगर फिट रहना आधी मेहनत में हो जाए?"),
    },
    "statistic": {
        "en": ("9 out of 10 people get {topic} wrong. Here's the fix.",
               "9 out of 10 people brush their teeth wrong. Here's the fix."),
        "id": ("9 dari 10 orang salah soal {topic}. Ini solusinya.", "9 dari 10 orang salah cara minum air. Ini solusinya."),
        "es": ("9 de cada 10 personas fallan en {topic}. Aquí la solución.",
               "9 de cada 10 personas fallan al estirar. Aquí la solución."),
        "hi": ("10 में से 9 लोग {topic} में गलती करते हैं। ये रहा हल।", "10 में से 9 लोग नींद में गलती करते हैं। ये रहा हल।"),
    },
    "story": {
        "en": ("A year ago I knew nothing about {topic}. Then one thing changed.",
               "A year ago I couldn't cook. Then one thing changed."),
        "id": ("Setahun lalu aku nol soal {topic}. Terus satu hal ini mengubah semuanya.",
               "Setahun lalu aku nol soal investasi. Terus satu hal ini mengubah semuanya."),
        "es": ("Hace un año no sabía nada de {topic}. Entonces algo cambió.",
               "Hace un año no sabía nada de inversiones. Entonces algo cambió."),
        "hi": ("एक साल पहले मुझे {topic} के बारे में कुछ नहीं पता था। फिर एक चीज़ बदली।",
               "एक साल पहले मुझे खाना बनाना नहीं आता था। फिर एक चीज़ बदली।"),
    },
    "contrarian": {
        "en": ("Stop following the usual advice on {topic}. Do this instead.",
               "Stop following the usual advice on running. Do this instead."),
        "id": ("Berhenti ikuti saran umum soal {topic}. Lakukan ini.",
               "Berhenti ikuti saran umum soal diet. Lakukan ini."),
        "es": ("Deja de seguir el consejo de siempre sobre {topic}. Haz esto.",
               "Deja de seguir el consejo de siempre sobre dietas. Haz esto."),
        "hi": ("{topic} पर आम सलाह मानना बंद करें। इसके बजाय यह करें।", "डाइट पर आम सलाह मानना बंद करें। इसके बजाय यह करें।"),
    },
}

STARTER: tuple[StarterEntry, ...] = tuple(
    StarterEntry(f"kb_starter_{pattern}_{language}", pattern, language, text, example)
    for pattern, languages in _LINES.items() for language, (text, example) in languages.items())
