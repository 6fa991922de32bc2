"""The book in print: the LaTeX side of the book's Sphinx extension.

``jupyter-book build book/ --builder pdflatex`` typesets the whole edition as one A4 PDF through
Jupyter Book's LaTeX route (xelatex, sphinx-jupyterbook-latex). This module sets what the web
site does not need:

* the page (A4, margins, type size), a title page that cites the article and the edition (from
  ``CITATION.cff``), figures kept where the text puts them, one bibliography at the end;
* the link to the PDF in the download menu of every page of the site;
* a doctree transform, run by the LaTeX builder only (the site's HTML is left as it is):

  - every table may break across pages, its header repeated, with column widths set from what
    its columns hold, so that no table runs past the margin;
  - a figure's provenance footer follows the figure instead of sitting inside it, so that a long
    list of sources can break across pages;
  - the code and data files a footer names link to the repository, where a reader of the PDF can
    open them (the files made for one figure are named, and offered by the site);
  - the little HTML that table cells hold (a line break, small print) becomes LaTeX;
  - the introduction opens as an unnumbered chapter; a page with nothing left for print (a
    page of the site that only continues the bibliography) is left out;
  - each executed chapter ends with how it was made, as the site's pages do.

Chart outputs carry their own PDF drawing and HTML-only outputs a Markdown one
(:mod:`kzdiaspora.markup`). Text that speaks of the web page is marked for the web alone in the
pages: a passage with ``{only} html`` (and its print wording, if any, with ``{only} latex``), a
phrase with the roles ``{web}`` and ``{print}`` (:func:`medium`).
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import runner

TEXMF = Path(__file__).parent / "texmf"

#: The page: A4, and the margins of the text block (the tests measure the rendered pages against them).
PAPER = "a4paper"
MARGIN_CM = {"left": 2.2, "right": 2.2, "top": 2.5, "bottom": 2.5}

PREAMBLE = r"""
% Tables and the provenance under figures and tables in a smaller size.
\makeatletter
\g@addto@macro\sphinxatlongtablestart{\small}
\makeatother
\newenvironment{sphinxclassprovenance}{\small}{}
% One bibliography, closing the bibliography chapter (Sphinx gathers every entry at the end
% of the document): the list follows the chapter's text, without a heading of its own.
\renewenvironment{sphinxthebibliography}[1]{%
  \let\kzchapter\chapter\def\chapter##1##2{}%
  \begin{thebibliography}{#1}\let\chapter\kzchapter}{\end{thebibliography}}
"""


def tex(text: str) -> str:
    """``text`` with the characters LaTeX reads as commands escaped."""
    special = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "$": r"\$",
        "&": r"\&",
        "#": r"\#",
        "^": r"\textasciicircum{}",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "%": r"\%",
    }
    return "".join(special.get(c, c) for c in text)


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
        f"{tex(_authors(citation['authors']))} ({built.year}). {tex(citation['title'])} "
        f"(version {tex(str(citation['version']))}). \\url{{{citation['repository-code']}}}"
    )
    return rf"""
\begin{{titlepage}}
\raggedright
{{\sffamily\bfseries\Huge {tex(citation["title"])}\par}}
\vspace{{2em}}
{{\Large An executable edition of the article\par}}
\vspace{{1em}}
{{\large {cite_article}\par}}
\vfill
\textbf{{Cite the article}} for its findings:\par
{cite_article}\par
\medskip
\textbf{{Cite this edition}} for its data package, code and reconstructions:\par
{cite_edition}\par
\bigskip
This PDF was typeset on {built.isoformat()} from the same sources as the website of the edition,
version {tex(str(citation["version"]))}. The text of the edition and its data tables are licensed
CC BY 4.0, like the article; its code MIT.\par
\end{{titlepage}}
"""


def configure(app, config) -> None:
    """``config-inited``: the page, the title page and the preamble of the PDF edition."""
    root = runner.find_config(Path(app.srcdir)).parent
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    margins = MARGIN_CM
    config.latex_elements.update(
        {
            "papersize": PAPER,
            "pointsize": "11pt",
            "figure_align": "H",  # in the order of the text, as on the site
            "makeindex": "",
            "printindex": "",
            "sphinxsetup": f"hmargin={{{margins['left']}cm,{margins['right']}cm}}, "
            f"vmargin={{{margins['top']}cm,{margins['bottom']}cm}}",
            "maketitle": title_page(citation, _build_date()),
            "preamble": PREAMBLE + config.latex_elements.get("preamble", ""),
        }
    )
    # sphinx-jupyterbook-latex's class asks for bbm.sty (blackboard-bold maths, which this book does
    # not use); Debian ships it only in texlive-fonts-extra (over 1 GB): a stand-in is enough.
    config.latex_additional_files = [*config.latex_additional_files, str(TEXMF / "bbm.sty")]


def _build_date() -> datetime.date:
    """Today, or the date ``SOURCE_DATE_EPOCH`` gives (reproducible builds), as Sphinx reads it."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


# --- tables ---------------------------------------------------------------------------------

#: Characters of the tables' type (small) across the text block, and what a column's padding takes.
LINE_CHARS, PAD_CHARS = 104, 3
#: A longer run of characters without a break is left to hyphenation.
LONGEST_WORD = 14


def _column_texts(tgroup) -> list[list[nodes.Element]]:
    columns: list[list[nodes.Element]] = [[] for _ in tgroup.findall(nodes.colspec)]
    for row in tgroup.findall(nodes.row):
        for i, entry in enumerate(row.children[: len(columns)]):
            columns[i].append(entry)
    return columns


def _longest_word(entry: nodes.Element) -> int:
    """Characters of the longest run a line cannot break: a line breaks at spaces and hyphens, and
    inline code also at . / and _ (Sphinx's default)."""
    return min(max(map(len, re.split(r"[\s/_.\-–]+", entry.astext())), default=1), LONGEST_WORD)


def column_widths(naturals: list[int], minimums: list[int], line: int = LINE_CHARS) -> list[int]:
    """Widths of a table's columns, in characters, within ``line`` characters: each column its
    natural width (its longest cell) if the table fits; otherwise each column at least its longest
    word, and what is left shared in proportion to how much more each column would take."""
    room = line - PAD_CHARS * len(naturals)
    naturals = [max(n, m, 1) for n, m in zip(naturals, minimums)]
    if sum(naturals) <= room:
        return naturals
    if sum(minimums) >= room:
        return [max(1, m * room // sum(minimums)) for m in minimums]
    extra = [n - m for n, m in zip(naturals, minimums)]
    spare = room - sum(minimums)
    return [m + e * spare // sum(extra) for m, e in zip(minimums, extra)]


def table_spec(table: nodes.table) -> str:
    r"""The column specification of a table in print: ``\X{w}{line}`` columns (a fraction of the
    text width), ragged, right-aligned where the site aligns a column right."""
    tgroup = next(iter(table.findall(nodes.tgroup)))
    columns = _column_texts(tgroup)
    naturals = [max((len(e.astext()) for e in col), default=1) for col in columns]
    minimums = [max((_longest_word(e) for e in col), default=1) for col in columns]
    room = LINE_CHARS - PAD_CHARS * len(columns)
    specs = []
    for width, column in zip(column_widths(naturals, minimums), columns):
        right = any("text-right" in e.get("classes", []) for e in column)
        align = r"\raggedleft" if right else r"\raggedright"
        specs.append(rf">{{{align}\arraybackslash}}\X{{{width}}}{{{room}}}")
    return "".join(specs)


def _tables(document) -> None:
    for table in list(document.findall(nodes.table)):
        if not any(True for _ in table.findall(nodes.tgroup)):
            continue
        table["classes"] = [*table.get("classes", []), "longtable"]
        table.parent.insert(table.parent.index(table), addnodes.tabular_col_spec(spec=table_spec(table)))


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
INLINE_HTML = {
    "<br>": r"\newline{}",
    "<small>": r"\begingroup\footnotesize{}",
    "</small>": r"\endgroup{}",
}


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
            if all(isinstance(c, (nodes.title, nodes.target)) for c in section.children):
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
        ". It read the files below (each with the start of its sha256 digest), and is executed again "
        "when one of them, the template, its parameters or the analysis library (src/kzdiaspora) changes."
    )
    files = nodes.bullet_list()
    for path, digest in sorted(meta.get("inputs", {}).items()):
        line = nodes.paragraph("", "", literal("", path), nodes.Text(" "), literal("", digest[:16]))
        files += nodes.list_item("", line)
    return nodes.container("", nodes.rubric("", "How this chapter was made"), text, files, classes=["provenance"])


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
    edition = {
        "type": "link",
        "url": context["pathto"](name, 1),
        "text": "Edition (PDF)",
        "tooltip": "Download the whole edition as one PDF",
        "icon": "fas fa-book",
        "label": "download-edition-pdf-button",
    }
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
    app.add_post_transform(PrintEdition)
    app.connect("html-page-context", download_link, priority=502)  # after sphinx-book-theme's buttons
    app.add_role("web", medium("html"))
    app.add_role("print", medium("latex"))
