"""The book in print: the LaTeX side of the book's Sphinx extension.

``jupyter-book build book/ --builder pdflatex`` typesets the whole edition as one A4 PDF through Jupyter Book's
LaTeX route (xelatex, sphinx-jupyterbook-latex). This module sets what the web site does not need:

* the page (A4, margins, type size), a title page that cites the article and the edition (from ``CITATION.cff``;
  in the edition's language), figures kept where the text puts them, one bibliography at the end; the link to the
  PDF in the download menu of every page of the site (the Russian PDF on the Russian site, :mod:`.editions`);
* a doctree transform, run by the LaTeX builder only (the site's HTML is left as it is):

  - every table may break across pages, its header repeated, with column widths set from what its columns hold,
    so that no table runs past the margin; a figure's provenance footer follows the figure instead of sitting
    inside it, so that a long list of sources can break across pages;
  - the code and data files a footer names link to the repository, where a reader of the PDF can
    open them (the files made for one figure are named, and offered by the site);
  - the little HTML that table cells hold (a line break, small print) becomes LaTeX, and a long
    run of characters with no place to break (a digest) may break anywhere;
  - the introduction opens as an unnumbered chapter; a page with nothing left for print (a
    page of the site that only continues the bibliography) is left out;
  - each executed chapter ends with how it was made, as the site's pages do.

Chart outputs carry their own PDF drawing and HTML-only outputs a Markdown one (:mod:`kzdiaspora.markup`). Text
that speaks of the web page is marked for the web alone in the pages: a passage with ``{only} html`` (and its print
wording, if any, with ``{only} latex``), a phrase with the roles ``{web}`` and ``{print}`` (:func:`medium`).
"""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import reading, runner
from .editions import translate as _

TEXMF = Path(__file__).parent / "texmf"

#: The page: A4, and the margins of the text block (the tests measure the rendered pages against them).
PAPER = "a4paper"
MARGIN_CM = {"left": 2.2, "right": 2.2, "top": 2.5, "bottom": 2.5}

PREAMBLE = r"""
% Tables and the provenance under figures and tables in a smaller size; a table's caption as
% wide as the text, like a figure's.
\makeatletter
\newcommand\kztablesize{\small}
\g@addto@macro\sphinxatlongtablestart{\kztablesize}
\makeatother
\newenvironment{sphinxclassprovenance}{\small\raggedright}{}
\setlength{\LTcapwidth}{\linewidth}
% Inline code breaks after an underscore too (file and column names), and a line stretches
% rather than run into the margin.
\let\kzupquote\sphinxupquote
\protected\def\sphinxupquote#1{\kzupquote{\sphinxbreaksattexescapedchars#1}}
\setlength{\emergencystretch}{3em}
% One bibliography, closing the bibliography chapter (Sphinx gathers every entry at the end
% of the document): the list follows the chapter's text, without a heading of its own.
\renewenvironment{sphinxthebibliography}[1]{%
  \let\kzchapter\chapter\def\chapter##1##2{}%
  \begin{thebibliography}{#1}\let\chapter\kzchapter}{\end{thebibliography}}
"""


#: The characters LaTeX reads as commands, escaped.
TEX_SPECIAL = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
TEX_SPECIAL |= {c: "\\" + c for c in "{}$&#_%"}


def tex(text: str) -> str:
    """``text`` with the characters LaTeX reads as commands escaped."""
    return "".join(TEX_SPECIAL.get(c, c) for c in text)


def _authors(people: list[dict]) -> str:
    """CFF persons as a reference lists them: "Nurbek, K., Kalashnikova, N. & Turan, U."."""
    names = [p["name"] if "name" in p else f"{p['family-names']}, {p['given-names']}" for p in people]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def title_page(citation: dict, built: datetime.date) -> str:
    """The title page (LaTeX): the edition's title, the article it is an edition of, and how to
    cite each, from the citation file (``CITATION.cff``) and the date of the build."""
    article = next(r for r in citation.get("references", []) if r.get("type") == "article")
    doi = f"https://doi.org/{article['doi']}"
    cite_article = (
        f"{tex(_authors(article['authors']))} ({article['year']}). {tex(article['title'])}. "
        rf"\emph{{{tex(article['journal'])}}}, {article['volume']}, {article['start']}. \url{{{doi}}}"
    )
    cite_edition = (
        f"{tex(_authors(citation['authors']))} ({built.year}). {tex(str(_(citation['title'])))} "
        f"({_('version')} {tex(str(citation['version']))}). \\url{{{citation['repository-code']}}}"
    )
    typeset = _(
        "This PDF was typeset on {date} from the same sources as the website of the edition, version {version}. "
        "The text of the edition and its data tables are licensed CC BY 4.0, like the article; its code MIT."
    ).format(date=built.isoformat(), version=tex(str(citation["version"])))
    return rf"""
\begin{{titlepage}}
\raggedright
{{\sffamily\bfseries\Huge {tex(str(_(citation["title"])))}\par}}
\vspace{{2em}}
{{\Large {_("An executable edition of the article")}\par}}
\vspace{{1em}}
{{\large {cite_article}\par}}
\vfill
\textbf{{{_("Cite the article")}}} {_("for its findings:")}\par
{cite_article}\par
\medskip
\textbf{{{_("Cite this edition")}}} {_("for its data package, code and reconstructions:")}\par
{cite_edition}\par
\bigskip
{typeset}\par
\end{{titlepage}}
"""


def configure(app, config) -> None:
    """``config-inited``: the page, the title page and the preamble of the PDF edition. The title
    page is made from the project's ``CITATION.cff``, which the site does not need: without it, the
    LaTeX builder stops (:func:`needs_citation`)."""
    cff = runner.find_config(Path(app.srcdir)).parent / "CITATION.cff"
    if not cff.is_file():
        return
    citation, margins = yaml.safe_load(cff.read_text(encoding="utf-8")), MARGIN_CM
    # figures "H": in the order of the text, as on the site
    config.latex_elements.update(papersize=PAPER, pointsize="11pt", figure_align="H", makeindex="", printindex="")
    config.latex_elements.update(
        sphinxsetup=f"hmargin={{{margins['left']}cm,{margins['right']}cm}}, "
        f"vmargin={{{margins['top']}cm,{margins['bottom']}cm}}",
        maketitle=title_page(citation, _build_date()),
        preamble=PREAMBLE + config.latex_elements.get("preamble", ""),
    )
    # sphinx-jupyterbook-latex's class asks for bbm.sty (blackboard-bold maths, which this book does
    # not use); Debian ships it only in texlive-fonts-extra (over 1 GB): a stand-in is enough.
    config.latex_additional_files = [*config.latex_additional_files, str(TEXMF / "bbm.sty")]


def needs_citation(app) -> None:
    """``builder-inited``: the LaTeX builder stops, naming the file, where the title page is missing."""
    if app.builder.name == "latex" and "maketitle" not in app.config.latex_elements:
        cff = runner.find_config(Path(app.srcdir)).parent / "CITATION.cff"
        raise ExtensionError(f"the PDF edition's title page is made from {cff}, which does not exist")


def _build_date() -> datetime.date:
    """Today, or the date ``SOURCE_DATE_EPOCH`` gives (reproducible builds), as Sphinx reads it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


# --- tables ---------------------------------------------------------------------------------

#: Characters of the tables' type (small, serif) across the text block, and the padding of a
#: column (both sides) in such characters.
LINE_CHARS, PAD_CHARS = 96, 3
#: Widths of a character of code (monospaced) and of a header (sans-serif) in those characters.
CODE_WIDTH, HEADER_WIDTH = 1.3, 1.25
#: How many more characters a line holds in the smaller type of wide tables (footnotesize, 9 pt,
#: against the small type's 10 pt).
SMALLER = 10 / 9
#: The least width of a column of running text, in characters.
READABLE = 20
#: Longer words of text are hyphenated; longer runs of code overflow their column.
HYPHENATED, LONGEST_WORD = 10, 32
#: A word TeX can hyphenate: letters, lower case after the first, and its punctuation.
WORD = re.compile(r"[(\"“‘]?[^\W\d_][^\W\d_A-Z]+([’']s)?[)\"”’]?[,.;:]?")


def _longest_run(entry: nodes.Element) -> float:
    """The longest run of characters of a cell that a line should not break: inline code breaks at
    spaces and after . , ; ? ! / and _; text also at dashes (not between digits: dates) and
    slashes, and its words are hyphenated (not codes, numbers or abbreviations)."""
    longest = 0.0
    for text in entry.findall(nodes.Text):
        if isinstance(text.parent, nodes.literal):
            run = max(map(len, re.findall(r"[^\s/._,;?!]*[/._,;?!]*", str(text))), default=0) * CODE_WIDTH
        else:
            words = re.split(r"[\s/–]+|(?<!\d)-|-(?!\d)", str(text))  # a date or a code stays whole
            run = max((min(len(w), HYPHENATED) if WORD.fullmatch(w) else len(w) for w in words), default=0)
        longest = max(longest, run)
    return longest


def _columns(tgroup) -> list[list[tuple[float, float]]]:
    """For each column of a table, the (natural width, longest unbreakable run) of each cell, in
    characters."""
    columns: list[list[tuple[float, float]]] = [[] for _ in tgroup.findall(nodes.colspec)]
    for row in tgroup.findall(nodes.row):
        scale = HEADER_WIDTH if isinstance(row.parent, nodes.thead) else 1.0
        for i, entry in enumerate(row.children[: len(columns)]):
            texts = [t for t in entry.findall(nodes.Text) if not isinstance(t.parent, nodes.raw)]
            code = sum(len(t) for t in texts if isinstance(t.parent, nodes.literal))
            natural = sum(map(len, texts)) + (CODE_WIDTH - 1) * code
            columns[i].append((natural * scale, min(_longest_run(entry) * scale, LONGEST_WORD)))
    return columns


def column_widths(longest: list[float], typical: list[float], minimums: list[float], room: float) -> list[float]:
    """Widths of a table's columns within ``room`` characters, from each column's longest cell,
    its typical (mean) cell and the least width it takes: each column its longest cell if the table
    fits; otherwise each column its least width, and what is left shared in proportion to how much
    more its typical cell would take (so that the column of running text gets the most)."""
    longest = [max(n, m, 1) for n, m in zip(longest, minimums)]
    if sum(longest) <= room:
        return longest
    if sum(minimums) >= room:
        return [m * room / sum(minimums) for m in minimums]
    extra = [max(min(n, 2 * t) - m, 0.01) for n, t, m in zip(longest, typical, minimums)]
    spare = room - sum(minimums)
    return [m + e * spare / sum(extra) for m, e in zip(minimums, extra)]


def table_layout(table: nodes.table) -> tuple[str, bool]:
    r"""The column specification of a table in print, ``\X{w}{line}`` columns (each a fraction of
    the text width, its padding included), ragged, right-aligned where the site aligns a column
    right; and whether the table is set in the smaller type, which it is when the least widths of
    its columns do not fit side by side in the small one. A table narrower than the text block
    stays narrow."""
    tgroup = next(iter(table.findall(nodes.tgroup)))
    columns = _columns(tgroup)
    longest = [max((n for n, _ in col), default=1) for col in columns]
    typical = [sum(n for n, _ in col) / max(len(col), 1) for col in columns]
    # a column's longest unbreakable run; a column of running text keeps room for a few words
    minimums = [max((m for _, m in col), default=1) for col in columns]
    minimums = [max(m, min(n, READABLE) if t >= READABLE else 0) for n, t, m in zip(longest, typical, minimums)]
    smaller = sum(minimums) > LINE_CHARS - PAD_CHARS * len(columns)
    line, pad = (LINE_CHARS * SMALLER, PAD_CHARS * SMALLER) if smaller else (LINE_CHARS, PAD_CHARS)
    widths = column_widths(longest, typical, minimums, line - pad * len(columns))
    right = [False] * len(columns)
    for row in tgroup.findall(nodes.row):
        for i, entry in enumerate(row.children[: len(columns)]):
            right[i] = right[i] or "text-right" in entry.get("classes", [])
    specs = []
    for width, align in zip(widths, right):
        ragged = r"\raggedleft" if align else r"\raggedright"
        specs.append(rf">{{{ragged}\arraybackslash}}\X{{{round(10 * (width + pad))}}}{{{round(10 * line)}}}")
    return "".join(specs), smaller


def _tables(document) -> None:
    for table in list(document.findall(nodes.table)):
        if not any(True for _ in table.findall(nodes.tgroup)):
            continue
        spec, smaller = table_layout(table)
        table["classes"] = [*table.get("classes", []), "longtable"]
        parent, at = table.parent, table.parent.index(table)
        parent.insert(at, addnodes.tabular_col_spec(spec=spec))
        settings = r"\let\kztablesize\footnotesize" if smaller else ""
        if not any(isinstance(child, nodes.title) for child in table.children):
            # a table without a number: its continuation on the next page does not borrow one
            settings += r"\def\tablename{}\def\thetable{}\def\textendash{}"
        settings += reading.latex_caption(table)
        if settings:
            parent.insert(at, nodes.raw("", r"\begingroup" + settings, format="latex"))
            parent.insert(parent.index(table) + 1, nodes.raw("", r"\endgroup", format="latex"))


# --- figures, links, inline HTML -------------------------------------------------------------


def _footers_after_figures(document) -> None:
    """A figure's legend (its provenance footer) follows the figure, so that it can break across pages."""
    for figure in list(document.findall(nodes.figure)):
        legends = [child for child in figure.children if isinstance(child, nodes.legend)]
        position = figure.parent.index(figure) + 1
        for legend in legends:
            figure.remove(legend)
            figure.parent[position:position] = legend.children
            position += len(legend.children)


def _repository_links(document, repository: str, branch: str, book: Path, root: Path) -> None:
    """Download links to files of the repository (templates, library modules, data files) become
    links to the files in the repository; others (files made by the build) stay named only."""
    for ref in list(document.findall(addnodes.download_reference)):
        target = ref.get("reftarget", "")
        path = (book / target.lstrip("/")).resolve() if target.startswith("/") else None
        if not repository or path is None or not path.is_relative_to(root) or "_generated" in path.parts:
            continue
        url = f"{repository.rstrip('/')}/blob/{branch}/{path.relative_to(root).as_posix()}"
        ref.replace_self(nodes.reference("", "", *ref.children, refuri=url, internal=False))


#: The HTML that table cells hold (kzdiaspora's display tables), as LaTeX.
INLINE_HTML = {"<br>": r"\newline{}", "<small>": r"\begingroup\footnotesize{}", "</small>": r"\endgroup{}"}


#: A run of characters with no place to break a line (a digest): print may break it anywhere.
UNBROKEN = re.compile(r"([^\s/.,;?!_\-–]{30,})")


def _long_words(document) -> None:
    for text in list(document.findall(nodes.Text)):
        parent = text.parent
        if isinstance(parent, (nodes.FixedTextElement, nodes.title, nodes.raw)) or not UNBROKEN.search(text):
            continue
        pieces: list[nodes.Node] = []
        for i, part in enumerate(UNBROKEN.split(str(text))):  # text, run, text, run...
            chunks = [part[j : j + 10] for j in range(0, len(part), 10)] if i % 2 else [part]
            for k, chunk in enumerate(filter(None, chunks)):
                if k:
                    pieces.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                pieces.append(nodes.Text(chunk))
        parent.replace(text, pieces)


def _inline_html(document) -> None:
    for raw in list(document.findall(nodes.raw)):
        latex = INLINE_HTML.get(raw.astext().strip().replace(" ", ""))
        if "html" in raw.get("format", "").split() and latex and isinstance(raw.parent, nodes.TextElement):
            raw.replace_self(nodes.raw("", latex, format="latex"))


# --- pages -------------------------------------------------------------------------------------

#: The heading of the root page (the book's introduction, which has the book's title on the site).
INTRODUCTION = "Introduction"


def _introduction(document, root: nodes.section) -> None:
    heading = tex(INTRODUCTION)
    opening = (
        rf"\chapter*{{{heading}}}\addcontentsline{{toc}}{{chapter}}{{{heading}}}"
        rf"\markboth{{{heading}}}{{{heading}}}"
    )
    first = next((i for i, c in enumerate(root.children) if not isinstance(c, (nodes.title, nodes.target))), 0)
    root.insert(first, nodes.raw("", opening + "\n", format="latex"))


def _empty_pages(document) -> None:
    """A page with nothing left for print but its heading (its text is for the web alone) is left
    out; its labels stay, for links to it."""
    for start in list(document.findall(addnodes.start_of_file)):
        for section in [c for c in start.children if isinstance(c, nodes.section)]:
            if all(isinstance(c, nodes.title) or not c.astext().strip() for c in section.children):
                section.replace_self(nodes.target("", "", ids=section["ids"]))


def _owner(node) -> addnodes.start_of_file | None:
    node = node.parent
    while node is not None and not isinstance(node, addnodes.start_of_file):
        node = node.parent
    return node


def how_made(meta: dict) -> nodes.container:
    """How an executed page was made (what the runner recorded in it), in print: its template and
    parameters, and the files it read with the start of their digests."""
    literal = nodes.literal
    params = sorted(meta.get("parameters", {}).items())
    text = nodes.paragraph("", "The build executed the template ")
    text += [literal("", meta["template"]), nodes.Text(" with papermill")]
    if params:
        text += nodes.Text(", with the parameters ")
        for i, (key, value) in enumerate(params):
            text += [nodes.Text(", " if i else ""), literal("", f"{key} = {json.dumps(value, ensure_ascii=False)}")]
    else:
        text += nodes.Text(", with the parameters of its own parameters cell")
    text += nodes.Text(
        ". It is executed again when the template, its parameters, the analysis library "
        "(src/kzdiaspora) or one of the files it read changes. It read (each file with the start of "
        "its sha256 digest): "
    )
    for i, (path, digest) in enumerate(sorted(meta.get("inputs", {}).items())):
        text += [nodes.Text("; " if i else ""), literal("", path), nodes.Text(f" ({digest[:16]})")]
    text += nodes.Text(".")
    return nodes.container("", nodes.rubric("", "How this chapter was made"), text, classes=["provenance"])


def _how_made(document, env) -> None:
    for start in list(document.findall(addnodes.start_of_file)):
        if start["docname"] not in getattr(env, "book_templates", {}):
            continue
        meta = runner.stored(Path(env.doc2path(start["docname"])))
        if not meta:
            continue
        # before the pages this one lists (they follow it in print), else at its end
        compounds = start.findall(nodes.compound)
        wrappers = [c for c in compounds if "toctree-wrapper" in c["classes"] and _owner(c) is start]
        if wrappers:
            wrappers[0].parent.insert(wrappers[0].parent.index(wrappers[0]), how_made(meta))
        else:
            start.append(how_made(meta))


class PrintEdition(SphinxPostTransform):
    """The doctree of the PDF edition (the LaTeX builder only): see the module's docstring."""

    builders = ("latex",)
    default_priority = 800  # after Sphinx gathered the bibliography and jupyterbook-latex the parts

    def run(self, **kwargs) -> None:
        document, config = self.document, self.config
        _long_words(document)
        _tables(document)
        _footers_after_figures(document)
        _inline_html(document)
        options = config.html_theme_options
        book = Path(self.env.srcdir)
        root = runner.find_config(book).parent
        repository, branch = options.get("repository_url", ""), options.get("repository_branch", "main")
        _repository_links(document, repository, branch, book, root.resolve())
        _how_made(document, self.env)
        _empty_pages(document)
        if self.app.project.path2doc(document["source"]) == config.root_doc:
            top = next(s for s in document.findall(nodes.section) if s.get("docname") == config.root_doc)
            _introduction(document, top)


def download_link(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the download menu of every page of the site offers the whole edition
    as a PDF first (``python -m kzdiaspora_book.pdf`` puts it beside the pages)."""
    if not app.config.latex_documents:
        return
    name = Path(app.config.latex_documents[0][1]).with_suffix(".pdf").name
    edition = {"type": "link", "url": context["pathto"](name, 1), "text": _("Edition (PDF)"), "icon": "fas fa-book"}
    edition |= {"tooltip": _("Download the whole edition as one PDF"), "label": "download-edition-pdf-button"}
    for group in context.get("header_buttons", []):
        if isinstance(group, dict) and group.get("label") == "download-buttons":
            group["buttons"].insert(0, edition)


def medium(expr: str):
    """A role whose text shows in one medium only: ``{web}`the site``` on the web page,
    ``{print}`this edition``` in the PDF; side by side they word a phrase for both. The text is
    plain (no markup inside)."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=()):
        return [addnodes.only("", nodes.Text(text), expr=expr)], []

    return role


def setup(app) -> None:
    app.connect("config-inited", configure)
    app.connect("builder-inited", needs_citation)
    app.add_post_transform(PrintEdition)
    app.connect("html-page-context", download_link, priority=502)  # after sphinx-book-theme's buttons
    app.add_role("web", medium("html"))
    app.add_role("print", medium("latex"))
