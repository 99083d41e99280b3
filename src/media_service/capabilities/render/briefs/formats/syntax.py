"""A small hand-written lexer for code windows: enough to colour keywords, strings, numbers, comments,
types, calls and decorators the way an editor theme would, for the languages people show in videos.

It is a single regex scan per language family (so multi-line strings and block comments work), then a
split of the tokens into lines. Unknown languages come back as plain text.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["Token", "tokenize"]

Token = tuple[str, str]  # (kind, text); kinds: keyword string number comment function type operator punct plain
                         # decorator prompt

_PY = set("""False None True and as assert async await break class continue def del elif else except finally for
from global if import in is lambda nonlocal not or pass raise return try while with yield match case self""".split())
_PY_TYPES = set("int float str bool list dict set tuple bytes object type None Exception print len range".split())
_JS = set("""break case catch class const continue debugger default delete do else export extends finally for function
if import in instanceof let new return super switch this throw try typeof var void while with yield async await of
from as interface type enum implements private public protected readonly static declare abstract true false null
undefined""".split())
_JS_TYPES = set("string number boolean any unknown never void object Promise Array Map Set Record console".split())
_GO = set("""break case chan const continue default defer else fallthrough for func go goto if import interface map
package range return select struct switch type var true false nil""".split())
_GO_TYPES = set("int int64 int32 uint string bool byte rune float64 float32 error any fmt".split())
_RUST = set("""as async await break const continue crate dyn else enum extern false fn for if impl in let loop match
mod move mut pub ref return self Self static struct super trait true type unsafe use where while""".split())
_RUST_TYPES = set("i32 i64 u8 u32 u64 usize f32 f64 bool char str String Vec Option Result Some None Ok Err "
                  "Box".split())
_C = set("""auto break case char const continue default do double else enum extern float for goto if inline int long
register return short signed sizeof static struct switch typedef union unsigned void volatile while class public
private protected new delete this throw try catch namespace using template typename virtual override final package
import extends implements interface boolean true false null""".split())
_SH = set("if then else elif fi for while do done case esac in function return export local echo cd sudo".split())
_SQL = set("""select from where and or not insert into values update set delete create table index join left right
inner outer on group by order having limit offset as distinct count sum avg min max null is primary key""".split())

_FAMILIES: dict[str, str] = {
    "python": "python", "py": "python",
    "javascript": "js", "js": "js", "typescript": "js", "ts": "js", "jsx": "js", "tsx": "js",
    "go": "go", "golang": "go", "rust": "rust", "rs": "rust",
    "c": "c", "cpp": "c", "c++": "c", "java": "c", "csharp": "c", "c#": "c", "kotlin": "c", "swift": "c",
    "bash": "sh", "sh": "sh", "shell": "sh", "zsh": "sh", "console": "sh", "terminal": "sh",
    "json": "json", "sql": "sql", "yaml": "sh", "yml": "sh", "toml": "sh",
}
_WORDS: dict[str, tuple[set[str], set[str]]] = {
    "python": (_PY, _PY_TYPES), "js": (_JS, _JS_TYPES), "go": (_GO, _GO_TYPES), "rust": (_RUST, _RUST_TYPES),
    "c": (_C, set()), "sh": (_SH, set()), "json": ({"true", "false", "null"}, set()), "sql": (_SQL, set()),
}

_STRINGS = r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
_COMMENT = {"python": r"#[^\n]*", "sh": r"#[^\n]*", "sql": r"--[^\n]*", "json": r"(?!x)x"}
_EXTRA_STRINGS = {"python": r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|', "js": r"`(?:\\.|[^`\\])*`|",
                  "go": r"`[^`]*`|"}


@cache
def _pattern(family: str) -> re.Pattern[str]:
    comment = _COMMENT.get(family, r"//[^\n]*|/\*[\s\S]*?\*/")
    strings = _EXTRA_STRINGS.get(family, "") + _STRINGS
    return re.compile(
        rf"(?P<comment>{comment})|(?P<string>{strings})"
        r"|(?P<number>\b(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)\b)"
        r"|(?P<decorator>@[A-Za-z_][\w.]*)|(?P<variable>\$\{?[A-Za-z_]\w*\}?)"
        r"|(?P<word>[A-Za-z_][\w]*)(?P<call>(?=\s*\())?"
        r"|(?P<operator>[-+*/%=<>!&|^~?:]+)|(?P<punct>[()\[\]{}.,;])|(?P<space>\s+)|(?P<other>.)")


def _kind(match: re.Match[str], family: str, source: str) -> str:
    group = match.lastgroup or "other"
    if group == "call":  # the lookahead group matched empty: the word is a call
        group = "word"
    if group == "word":
        word = match.group("word")
        keywords, types = _WORDS[family]
        if (word.lower() if family == "sql" else word) in keywords:
            return "keyword"
        if match.group("call") is not None:
            return "function"
        if word in types or (word[:1].isupper() and family in ("python", "js", "go", "rust", "c")):
            return "type"
        return "plain"
    if group == "string" and family == "json" and source[match.end():].lstrip(" ").startswith(":"):
        return "type"  # an object key
    return {"variable": "type" if family == "sh" else "plain", "space": "plain", "other": "plain"}.get(group, group)


def tokenize(source: str, language: str) -> list[list[Token]]:
    """The source's lines as lists of (kind, text); tabs are expanded to 4 spaces."""
    source = source.expandtabs(4).rstrip("\n")
    family = _FAMILIES.get(language.lower().strip())
    if family is None:
        return [[("plain", line)] if line else [] for line in source.split("\n")]
    lines: list[list[Token]] = [[]]
    for match in _pattern(family).finditer(source):
        kind = _kind(match, family, source)
        for i, piece in enumerate(match.group(0).split("\n")):
            if i:
                lines.append([])
            if piece:
                lines[-1].append((kind, piece))
    return lines
