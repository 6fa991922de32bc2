"""Every number of the article accounted for: the numeric expressions of its sections 1 to 5,
each either a claim of the ledger or a reviewed exclusion with its reason (``claim_coverage``).

An expression is found by five families of patterns, tried in this order on each paragraph (a
later family never matches inside a span an earlier one took):

1. numerals: any token with a digit, with the qualifier before it (about, more than, up to,
   exceeded...), a range partner (5–7, between 5 and 7, from 1990 to 2020), a suffix (ordinals,
   1990s, 2024b) and the unit after it (%, million, thousand);
2. numbers in words: cardinals, fractions, ordinals and vague counts (three, half, second-largest,
   twofold, sole, several, dozens), with fixed compounds ("one in thirty", "one-third to nearly half");
3. sizes in words: "significant number", "relatively small", "remains low";
4. ranks and comparisons: largest, smallest, most, majority, primary, main, "followed by", fewer...;
5. directions and balances: increase, decline, trend, outflow, imbalance, gap, predominant,
   minimal, negligible, ageing, relative stability...

An expression is keyed by its section (the heading it sits under, "3.2"), its paragraph in that
section (body lines counted from 1; a caption is "Table 1 caption"), its text, and which
occurrence of that text in the paragraph it is. Headings are not searched.

Run ``python -m kzdiaspora.claims.coverage`` to list what the text holds that the reviewed list
does not, and the reverse (exit status 1 when they differ).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from .. import paths
from ..data import load
from ..i18n import N_
from ..i18n import gettext as _

#: The article's text (CC BY 4.0), as published; sections 1 to 5 run from "1 Introduction" to
#: the data availability statement.
ARTICLE = paths.DATA / "article" / "nurbek2025.txt"
_FIRST, _END = "1 Introduction", "Data availability statement"

_HEADING = re.compile(r"^(\d+(?:\.\d+)?)\s+[A-Z]")
_CAPTION = re.compile(r"^(Table|Figure)\s+(\d+)\.")

# 1. numerals
_N = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SUFFIX = r"(?:st|n[d]|rd|th|s|[a-c])?"  # ordinals (1st, 2nd...), decades, the letter of a cited work
_UNIT = r"(?:\s*%|\s+per\s+cent|\s+percent|\s+million|\s+thousand|\s+century)?"
_QUAL = (
    r"(?:(?:only\s+)?(?:slightly\s+)?(?:about|around|approximately|nearly|almost|more\s+than|less\s+than|"
    r"up\s+to|at\s+least|exceed(?:s|ed|ing)?|only|top)\s+)?"
)
_NUMERAL = re.compile(
    rf"{_QUAL}(?:between\s+(?:{_N}){_SUFFIX}\s+and\s+(?:{_N}){_SUFFIX}"
    rf"|from\s+(?:{_N}){_SUFFIX}\s+to\s+(?:{_N}){_SUFFIX}"
    rf"|(?:{_N}){_SUFFIX}(?:{_UNIT})?\s*(?:–|-|\bto\b)\s*(?:{_N}){_SUFFIX}"
    rf"|(?:{_N}){_SUFFIX})"
    rf"{_UNIT}(?![\w])",
    re.I,
)
_QUARTER = re.compile(r"\b(?:first|second|third|fourth)\s+quarter\s+of\s+\d{4}", re.I)

# 2. numbers in words
_CARD = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion"
)
_ORD = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
_WQUAL = (
    r"(?:(?:only\s+|with\s+only\s+)?(?:about|around|approximately|nearly|almost|more\s+than|less\s+than|"
    r"up\s+to|at\s+least|as\s+high\s+as|top)\s+)?"
)
_COMPOUND = re.compile(
    r"(?:as\s+high\s+as\s+)?four\s+and\s+a\s+half\s+million"
    r"|one-third\s+to\s+nearly\s+half"
    r"|(?:only\s+)?one\s+in\s+\w+"
    r"|(?:more\s+than\s+)?(?:a|one)[\s-]third"
    r"|second-largest",
    re.I,
)
_WORDNUM = re.compile(
    rf"{_WQUAL}\b(?:(?:{_CARD})(?:\s+(?:and\s+a\s+half\s+)?(?:million|thousand|hundred))?"
    rf"|half|quarter|{_ORD}|twofold|single|sole|dozens?|several|few|numerous)\b",
    re.I,
)

# 3. sizes in words
_MAGNITUDE = re.compile(r"\b(?:(?:significant|considerable)\s+number|relatively\s+(?:low|small)|remains\s+low)\b", re.I)

# 4. ranks and comparisons
_RANK = re.compile(
    r"\b(?:(?:the\s+)?(?:vast\s+|absolute\s+)?(?:majority|minority)"
    r"|largest|smallest|highest|lowest|most|least|top|primary|primarily|main|followed\s+by"
    r"|larger|smaller|greater|fewer|less)\b",
    re.I,
)

# 5. directions and balances
_DIRECTION = re.compile(
    r"\b(?:increase[ds]?|increasing|growth|declines?|declining|decrease[ds]?|trends?|outflow|inflow|exodus|"
    r"mass|massive|imbalance|disproportion|gap|difference|dominance|predominance|predominant(?:ly)?|dominant|"
    r"prevailed|minimal|negligible|fluctuates|aging|relative\s+stability|negative|receiving\s+country|"
    r"immigration\s+center|countries\s+of\s+origin\s+for\s+host\s+countries)\b",
    re.I,
)

_FAMILIES = (
    ("numeral", _QUARTER),
    ("numeral", _NUMERAL),
    ("word", _COMPOUND),
    ("word", _WORDNUM),
    ("magnitude", _MAGNITUDE),
    ("rank", _RANK),
    ("direction", _DIRECTION),
)

#: Words that always carry a number ("one" is left out: it is mostly a pronoun, "one of the ...").
_NUMBER_WORDS = re.compile(
    rf"\b(?:{_CARD}|half|quarter|thirds?|{_ORD}|dozens?|several|single|sole|twofold|majority|minority)\b", re.I
)

#: The columns that identify an expression.
KEY = ["section", "paragraph", "expression", "occurrence"]

#: What each kind of exclusion of ``claim_coverage`` means, in words for readers.
EXCLUSIONS = {
    "citation-year": N_("the year of a cited work"),
    "date": N_("a date or period that frames another number"),
    "title": N_("part of a document's title"),
    "table-number": N_("the number of one of the article's tables"),
    "figure-number": N_("the number of the article's figure"),
    "enumeration": N_("the article's own numbering of its points"),
    "policy-aim": N_("a direction a policy aims at, not one measured"),
    "not-a-quantity": N_("a word that names no quantity where it stands"),
    "no-value": N_("a quantity stated with no value, population or threshold to test"),
}


def paragraphs(path: Path = ARTICLE):
    """Yield ``(section, paragraph, text)`` for every body line of sections 1 to 5: the section
    number of the heading above it, and the paragraph's number in that section ("1", "2"...) or
    its caption ("Table 1 caption")."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip() == _FIRST), None)
    if start is None:
        raise ValueError(f"{path}: no line {_FIRST!r} starts section 1")
    section, n = None, 0
    for line in lines[start:]:
        if line.strip() == _END:
            return
        if not line.strip():
            continue
        head = _HEADING.match(line)
        if head:
            section, n = head.group(1), 0
            continue
        caption = _CAPTION.match(line)
        if caption:
            yield section, f"{caption.group(1)} {caption.group(2)} caption", line
            continue
        n += 1
        yield section, str(n), line


def _spans(text: str) -> list[tuple[int, int, str, str]]:
    taken, found = [], []
    for family, pattern in _FAMILIES:
        for m in pattern.finditer(text):
            a, b = m.span()
            if not any(a < y and x < b for x, y in taken):
                taken.append((a, b))
                found.append((a, b, family, m.group(0)))
    return sorted(found)


def expressions(path: Path = ARTICLE) -> pd.DataFrame:
    """Every numeric expression of sections 1 to 5, in the order of the text.

    Columns: ``section``, ``paragraph``, ``expression`` (whitespace collapsed), ``occurrence``
    (1 for the first such text in the paragraph), ``family`` (numeral, word, magnitude, rank or
    direction) and ``context`` (the expression with about 60 characters either side)."""
    rows = []
    for section, paragraph, text in paragraphs(path):
        seen: Counter = Counter()
        for a, b, family, expr in _spans(text):
            expr = re.sub(r"\s+", " ", expr.strip())
            seen[expr] += 1
            rows.append(
                {"section": section, "paragraph": paragraph, "expression": expr, "occurrence": seen[expr]}
                | {"family": family, "context": text[max(0, a - 60) : b + 40]}
            )
    return pd.DataFrame(rows)


def uncovered(path: Path = ARTICLE) -> list[str]:
    """The digits and number words of sections 1 to 5 that no expression takes in (none, unless
    the patterns miss a form of number), each with its section, paragraph and a little context."""
    left = []
    for section, paragraph, text in paragraphs(path):
        spans = [(a, b) for a, b, _, _ in _spans(text)]
        for m in [*re.finditer(r"\d", text), *_NUMBER_WORDS.finditer(text)]:
            if not any(a <= m.start() < b for a, b in spans):
                left.append(
                    f"section {section}, paragraph {paragraph}: …{text[max(0, m.start() - 30) : m.end() + 30]}…"
                )
    return left


def differences(path: Path = ARTICLE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The expressions of the text that the reviewed list (``claim_coverage``) lacks, and the rows
    of the list that the text no longer holds (each with the list's line number, ``line``)."""
    found = expressions(path)
    listed = load("claim_coverage").reset_index(drop=True)
    listed = listed.assign(line=listed.index + 2, occurrence=listed["occurrence"].astype(int))
    both = found.merge(listed, on=KEY, how="outer", indicator=True)
    return both[both["_merge"] == "left_only"][found.columns], both[both["_merge"] == "right_only"][listed.columns]


def tally() -> pd.DataFrame:
    """How the numeric expressions of the reviewed list (``claim_coverage``) are accounted for:
    one row for those a claim judges, then one per kind of exclusion, most frequent first.

    Columns: ``kind`` (``claim`` or a key of :data:`EXCLUSIONS`), ``meaning`` (in words) and
    ``expressions`` (how many); the meanings in the page's language."""
    listed = load("claim_coverage")
    kinds = listed["exclusion"].fillna("claim")
    counts = kinds.value_counts()
    order = ["claim", *[k for k in counts.index if k != "claim"]]
    meaning = {"claim": N_("a claim of the ledger, judged on this page"), **EXCLUSIONS}
    return pd.DataFrame(
        {"kind": order, "meaning": [_(meaning[k]) for k in order], "expressions": [int(counts[k]) for k in order]}
    )


def main(argv: list[str]) -> int:
    """Print what the text and the reviewed list do not share; 1 when anything."""
    path = Path(argv[1]) if len(argv) > 1 else ARTICLE
    missing, stale = differences(path)
    for r in missing.itertuples():
        print(
            f"not in data/claim_coverage.csv: section {r.section}, paragraph {r.paragraph}: "
            f"{r.expression!r} ({r.context})"
        )
    for r in stale.itertuples():
        print(f"data/claim_coverage.csv, line {r.line}: {r.expression!r} is no longer in the text")
    left = uncovered(path)
    for u in left:
        print(f"no pattern takes in: {u}")
    print(f"{len(expressions(path))} expressions; {len(missing)} unlisted, {len(stale)} stale, {len(left)} missed")
    return 1 if len(missing) or len(stale) or left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
