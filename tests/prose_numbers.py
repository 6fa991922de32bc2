"""Find numbers typed into the book's prose instead of being computed and glued.

A number in the prose of a MyST page or chapter template must come from a glue role
(``{glue:text}`key```); literals are allowed only where they are not results: years, section,
table and figure numbers, days of the month in dates, citation and licence identifiers.
"""

from __future__ import annotations

import re

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

#: Contexts in which digits are not results. Each is removed before looking for digits.
ALLOWED = [
    re.compile(r"\b(1[89]\d\d|20\d\d)s?\b"),  # years, decades
    re.compile(r"\b[Ss]ections?\s+\d+(\.\d+)*(\s*(–|-|to|and|,)\s*\d+(\.\d+)*)*"),  # section numbers
    # the article's tables and figures, and the edition's (numbered by chapter: Table 5.2)
    re.compile(r"\b(Tables?|Figures?|Fig\.)\s+\d+(\.\d+)?(\s*(–|-|to|and|,)\s*\d+)*"),
    re.compile(r"\bchapters?\s+\d+\b"),  # the edition's chapter numbers
    re.compile(rf"\b\d{{1,2}}\s+({MONTHS})\b"),  # 1 July 2024
    re.compile(rf"\b({MONTHS})\s+\d{{1,2}}\b"),  # July 1
    re.compile(r"\bCC BY(-SA)?\s+\d\.\d(\s+IGO)?\b"),  # licence versions
    re.compile(r"\b(ISO|EPSG)[ :]\d+(-\d)?\b"),  # standards
    re.compile(r"\bUTF-(8|16)\b"),  # text encodings
    re.compile(r"\b1:\d+m\b"),  # map scales (Natural Earth)
    re.compile(r"\b21st century\b"),
    re.compile(r"\bdoi:\S+"),  # identifiers
    re.compile(r"\bC\d{2,3}\b"),  # claims of the ledger (C72)
]

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_LIST_NUMBER = re.compile(r"^\s*\d+\.\s")  # the number of an item of an ordered list
_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
_INLINE_CODE = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_LABEL = re.compile(r"^\([\w:.-]+\)=\s*$")
_OPTION = re.compile(r"^:[\w-]+:.*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def prose_lines(text: str):
    """Yield (line number, prose) for a MyST document, without code, roles, links and options."""
    offset = 0
    match = _FRONT_MATTER.match(text)
    if match:
        offset = match.group(0).count("\n")
        text = text[match.end() :]
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    fence = None  # (marker, keep_content)
    for number, line in enumerate(text.split("\n"), start=offset + 1):
        opened = _FENCE.match(line.strip())
        if fence:
            if opened and line.strip().startswith(fence[0]) and not opened.group(2).strip():
                fence = None
                continue
            if not fence[1] or _OPTION.match(line.strip()):
                continue
        elif opened:
            info = opened.group(2).strip()
            # directives other than code cells hold prose (notes, figures' captions...)
            keep = info.startswith("{") and not info.startswith("{code-cell}")
            fence = (opened.group(1), keep)
            continue
        if _LABEL.match(line.strip()) or line.strip().startswith(":::"):
            continue
        line = _LIST_NUMBER.sub(" ", line)
        line = _ROLE.sub(" ", line)
        line = _INLINE_CODE.sub(" ", line)
        line = _LINK_TARGET.sub("]", line)
        line = _URL.sub(" ", line)
        yield number, line


def paragraphs(text: str):
    """Yield (first line number, paragraph) with wrapped lines joined, so that a phrase such as
    "CC BY 4.0" is recognised even when it is split across lines."""
    start, lines, previous = None, [], None
    for number, line in prose_lines(text):
        if not line.strip() or (previous is not None and number != previous + 1):
            if lines:
                yield start, " ".join(lines)
            start, lines = None, []
        if line.strip():
            start = start or number
            lines.append(line.strip())
        previous = number
    if lines:
        yield start, " ".join(lines)


def unglued_numbers(text: str) -> list[tuple[int, str, str]]:
    """(line number, number, paragraph) for every digit sequence in prose outside the allowed contexts."""
    found = []
    for number, paragraph in paragraphs(text):
        rest = paragraph
        for pattern in ALLOWED:
            rest = pattern.sub(" ", rest)
        for hit in re.finditer(r"\d[\d,.]*", rest):
            found.append((number, hit.group(0).rstrip(",."), paragraph))
    return found
