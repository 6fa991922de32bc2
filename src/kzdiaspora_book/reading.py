"""What the reader sees of the edition's conventions.

* **The article's exhibits keep the article's numbers.** A table or figure whose caption begins
  "Article " (``Article Table 1, rebuilt: …``) is the article's, shown under its own number in the
  caption: it takes no number of the edition's, and the edition's own exhibits are numbered by
  chapter (``Table 5.2``) without gaps.
* **Verdict marks have a legend.** The first verdict mark of a page (a link to a claim of the
  reproducibility report, :func:`kzdiaspora.claims.badge`) is followed by a line saying what the
  marks mean.
* **A page that is not executed shows a claim's mark** with the role ``{verdict}`C32 ≠```: the
  mark is the one the report page glued (``claim-C32-mark``, by
  :func:`kzdiaspora.claims.glue_outcomes`), so the mark follows the ledger. The symbol after the id
  is the outcome the sentence around it states; when the ledger's outcome is another, the build
  warns, so that hand-written prose cannot outlive the verdict it reports.
"""

from __future__ import annotations

import ast
import re

from docutils import nodes
from myst_nb.ext.glue.crossref import read_glue_cache
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

ARTICLE_PREFIX = "Article "
#: LaTeX that makes the caption Sphinx writes right after ``\sphinxthelongtablecaptionisattop``
#: longtable's unnumbered ``\caption*``.
UNNUMBERED_LONGTABLE = (
    r"\let\kzattop\sphinxthelongtablecaptionisattop\def\sphinxthelongtablecaptionisattop#1{\kzattop#1*}"
)


def latex_caption(table) -> str:
    """LaTeX set before a table of the PDF (:mod:`.latex`, which prints every table as a
    longtable): the article's exhibit keeps the article's number only, its caption unnumbered."""
    return UNNUMBERED_LONGTABLE if _caption(table).startswith(ARTICLE_PREFIX) else ""


REPORT_PAGE = "reproducibility"
_MARK = re.compile(r"(^|#)claim-c\d+$")


def _caption(node) -> str:
    title = next(iter(node.findall(nodes.title if isinstance(node, nodes.table) else nodes.caption)), None)
    return title.astext() if title is not None else ""


def article_exhibits(doctree) -> set[str]:
    """The ids of the tables and figures of a page whose caption marks them as the article's."""
    found = set()
    for node in [*doctree.findall(nodes.table), *doctree.findall(nodes.figure)]:
        if _caption(node).startswith(ARTICLE_PREFIX):
            found.update(node["ids"])
    return found


def _record_article_exhibits(app, doctree) -> None:
    exhibits = app.env.__dict__.setdefault("book_article_exhibits", {})
    exhibits[app.env.docname] = article_exhibits(doctree)


def _purge(app, env, docname) -> None:
    getattr(env, "book_article_exhibits", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    env.__dict__.setdefault("book_article_exhibits", {}).update(getattr(other, "book_article_exhibits", {}))


def renumber(fignumbers: dict, excluded: dict[str, set[str]]) -> None:
    """Take the ``excluded`` ids (by page) out of Sphinx's numbering ``{page: {kind: {id: (n, …)}}}``
    and close the gaps: within a kind and a chapter prefix, numbers stay in reading order."""
    by_prefix: dict[tuple, list] = {}
    for doc, kinds in fignumbers.items():
        for kind, numbers in kinds.items():
            for node_id, number in numbers.items():
                by_prefix.setdefault((kind, tuple(number[:-1])), []).append((number[-1], doc, node_id))
    for (kind, prefix), items in by_prefix.items():
        n = 0
        for _, doc, node_id in sorted(items):
            if node_id in excluded.get(doc, ()):
                del fignumbers[doc][kind][node_id]
                continue
            n += 1
            fignumbers[doc][kind][node_id] = (*prefix, n)


def _renumber(app, env):
    renumber(env.toc_fignumbers, getattr(env, "book_article_exhibits", {}))
    return []


def _is_mark(node) -> bool:
    target = node.get("refuri", "") or node.get("refid", "")
    return bool(_MARK.search(target))


def _legend(app, doctree, docname) -> None:
    if docname == REPORT_PAGE or docname.startswith("claims/"):
        return
    first = next((n for n in doctree.findall(nodes.reference) if _is_mark(n)), None)
    if first is None:
        return
    from kzdiaspora.claims import legend  # the library's words for the marks

    block = first
    while block.parent is not None and not isinstance(block.parent, (nodes.section, nodes.document)):
        block = block.parent
    para = nodes.paragraph("", legend(), classes=["claim-legend"])
    block.parent.insert(block.parent.index(block) + 1, para)


class verdict_mark(nodes.Inline, nodes.Element):
    """A claim's mark, resolved once every page is read (:func:`_resolve_marks`)."""


class VerdictRole(SphinxRole):
    """``{verdict}`C32 ≠```: the mark of claim C32, linking to its entry in the report; the
    sentence it ends states the outcome ``≠`` (one of the symbols of the marks)."""

    def run(self):
        match = re.fullmatch(r"(C\d+)\s+(\S)", self.text.strip())
        if not match:
            msg = self.inliner.reporter.error(
                f"not a claim id and the outcome the text states: {self.text!r} (e.g. 'C32 ≠')", line=self.lineno
            )
            return [], [msg]
        node = verdict_mark(claim=match[1], stated=match[2])
        self.set_source_info(node)
        return [node], []


def _resolve_marks(app, doctree, docname) -> None:
    marks = list(doctree.findall(verdict_mark))
    if not marks:
        return
    from kzdiaspora.claims import label  # the analysis library is loaded only once a page shows a mark

    glued = read_glue_cache(app.env.mystnb_config.output_folder, REPORT_PAGE)
    labels = app.env.get_domain("std").anonlabels
    for mark in marks:
        key = f"claim-{mark['claim']}-mark"
        target = labels.get(label(mark["claim"]))
        if key not in glued or target is None:
            logger.warning(f"no mark of claim {mark['claim']} on the report's pages", location=mark)
            mark.parent.remove(mark)
            continue
        symbol = ast.literal_eval(glued[key]["data"]["text/plain"])
        if symbol[0] != mark["stated"]:
            logger.warning(
                f"the text states {mark['stated']} for claim {mark['claim']}, the ledger {symbol[0]}: "
                "the sentence needs rewriting",
                location=mark,
            )
        target_doc, anchor = target[0], target[1]
        uri = app.builder.get_relative_uri(docname, target_doc) + "#" + anchor
        ref = nodes.reference("", "", internal=True, refuri=uri)
        ref += nodes.inline(symbol, symbol, classes=["std", "std-ref"])
        mark.replace_self(ref)


def _marks_and_legend(app, doctree, docname) -> None:
    _resolve_marks(app, doctree, docname)
    _legend(app, doctree, docname)


def setup(app) -> None:
    app.add_node(verdict_mark)
    app.add_role("verdict", VerdictRole())
    app.connect("doctree-read", _record_article_exhibits)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-updated", _renumber, priority=900)  # after Sphinx assigned the numbers
    app.connect("doctree-resolved", _marks_and_legend)
