"""The notebook a page's download button offers (``_sources/<page>.ipynb``), readable anywhere.

The executed notebook speaks MyST to Sphinx: its figures are ``{glue:figure}`` blocks whose chart
is glued under a MIME type only myst-nb reads, its numbers ``{glue:text}`` roles, its citations
``{cite:p}`` roles. Opened in JupyterLab, on GitHub or converted by nbconvert, it would show those
blocks and roles as text. The copy offered for download, written when the site is built, is
the same notebook (cells, code, outputs, metadata) with:

* each figure as an image (PNG, drawn from the chart's Vega-Lite specification by vl-convert)
  with its description as the text alternative, then its number, caption and footer;
* each glued value as its text, each citation as the bibliography's label ("(Kazinform, 2023b)"),
  each figure or table reference as its number, each link to a downloadable file as its name
  (linked to the repository for files the repository holds);
* the outputs that only carried glued values left out.

The images are kept between builds (by the digest of their specification) beside the doctrees.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import posixpath
import re
from pathlib import Path

import nbformat
from myst_nb.core.variables import format_plain_text

from kzdiaspora import bibliography

GLUE = "application/papermill.record/"
ROLE = re.compile(r"\{([a-z:]+)\}`([^`]*)`")
FIGURE = re.compile(r"^```\{glue:figure\} (\S+)\n(?::[a-z]+:[^\n]*\n)*\n(.*?)\n```\n?", re.S | re.M)
TABLE = re.compile(r"^:::\{table\} ([^\n]*)\n((?::[a-z]+:[^\n]*\n)*)\n(.*?)\n:::\n?", re.S | re.M)
CONTAINER = re.compile(r"^:::\{container\}[^\n]*\n(.*?)\n:::\n?", re.S | re.M)
TARGET = re.compile(r"^\([\w.-]+\)=\n", re.M)
EMBED = re.compile(r'vegaEmbed\(document\.getElementById\("[^"]+"\), ')
#: The width a chart drawn to its column's width ("container") gets in the image.
IMAGE_WIDTH = 560


class Page:
    """What rewriting one page's notebook needs to know of the book (a Sphinx ``app``)."""

    def __init__(self, app, docname: str, glued: dict[str, dict]):
        self.app, self.docname, self.glued = app, docname, glued

    def number(self, label: str) -> str:
        """ "Fig. 3" or "Table 2": how the book numbers the figure or table ``label`` (the label
        itself when the book does not number it)."""
        return self.numbered(label) or label

    def numbered(self, label: str) -> str | None:
        """ "Fig. 3" or "Table 2", or None for a figure or table the book leaves unnumbered (the
        article's exhibits, whose captions carry the article's numbers)."""
        env = self.app.env
        docname, target = env.get_domain("std").labels.get(label, (self.docname, label, ""))[:2]
        for kind, numbers in env.toc_fignumbers.get(docname, {}).items():
            if target in numbers:
                text = self.app.config.numfig_format.get(kind, "%s")
                return text % ".".join(map(str, numbers[target]))
        return None

    def caption(self, label: str, caption: str) -> str:
        """A caption in Markdown, after the number the book gives ``label``, if any."""
        number = self.numbered(label)
        return f"**{number}.** {caption}" if number else caption

    def value(self, content: str, kind: str) -> str:
        """The text of a glued value, ``content`` being ``[page.ipynb::]key[:format]``."""
        key, spec = content.rsplit(":", 1) if ":" in content else (content, "s")  # as myst-nb reads it
        doc, _, key = key.rpartition("::")
        page = self.docname
        if doc:
            page = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), doc)).removesuffix(".ipynb")
        data = self.glued.get(page, {}).get(key)
        if data is None:
            return f"[{key}: not found]"
        if kind == "md" and f"{GLUE}text/markdown" in data:
            return self.myst(data[f"{GLUE}text/markdown"])
        return format_plain_text(data.get(f"{GLUE}text/plain", ""), spec)

    def role(self, match: re.Match) -> str:
        name, content = match.groups()
        explicit = re.fullmatch(r"(.*?)\s*<([^<>]*)>", content, re.S)
        text, target = explicit.groups() if explicit else (content, content)
        if name in ("glue", "glue:text", "glue:md"):
            return self.value(content, name.partition(":")[2] or "text")
        if name in ("cite:p", "cite:t"):
            keys = [k.strip() for k in content.split(",") if k.strip()]
            if name == "cite:p":
                return "(" + "; ".join(bibliography.label(k) for k in keys) + ")"
            return "; ".join(f"{bibliography.author(k)} ({bibliography.year_of(bibliography.label(k))})" for k in keys)
        if name == "numref":
            return self.number(content)
        if name == "doc":
            doc = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), target))
            titles = self.app.env.titles
            return text if explicit else (titles[doc].astext() if doc in titles else content)
        if name == "download":
            return self.download(text.strip(), target)
        return text

    def download(self, text: str, target: str) -> str:
        """A file offered for download: its name, linked to the repository if it holds the file."""
        options = self.app.config.html_theme_options
        srcdir = Path(self.app.srcdir)
        path = (srcdir / target.lstrip("/")).resolve()
        root = srcdir.resolve().parent
        repository, branch = options.get("repository_url"), options.get("repository_branch", "main")
        if repository and path.is_file() and path.is_relative_to(root) and "_generated" not in path.parts:
            return f"[`{text}`]({repository}/blob/{branch}/{path.relative_to(root).as_posix()})"
        return f"`{text}`"

    def myst(self, text: str) -> str:
        """MyST (the book's roles and directives) as plain Markdown."""
        text = CONTAINER.sub(lambda m: m.group(1) + "\n", text)
        text = TABLE.sub(self._table, text)
        text = TARGET.sub("", text)
        return ROLE.sub(self.role, text)

    def _table(self, match: re.Match) -> str:
        caption, options, body = match.groups()
        name = re.search(r":name: (\S+)", options)
        text = ROLE.sub(self.role, caption)
        shown = self.caption(name.group(1), text) if name else f"**Table.** {text}"
        return f"{shown}\n\n{body}\n"


def chart_spec(html: str) -> dict:
    """The Vega-Lite specification a chart's HTML (:class:`kzdiaspora.markup.ChartHTML`) embeds."""
    match = EMBED.search(html)
    if match is None:
        raise ValueError("no chart in the glued HTML")
    spec, _ = json.JSONDecoder().raw_decode(html.replace("\\u003c", "<"), match.end())
    return spec


def chart_png(spec: dict, cache: Path) -> bytes:
    """The chart drawn as a PNG (twice the size, for sharp print), kept in ``cache``."""
    spec = {**spec, "width": IMAGE_WIDTH} if spec.get("width") == "container" else spec
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    path = cache / f"{digest}.png"
    if not path.is_file():
        # imported here: only a build that writes the notebooks draws charts
        import vl_convert as vlc
        from altair.utils._importers import vl_version_for_vl_convert

        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(vlc.vegalite_to_png(spec, vl_version=vl_version_for_vl_convert(), scale=2))
    return path.read_bytes()


def _glued(nb) -> dict[str, dict]:
    return {
        out["metadata"]["scrapbook"]["name"]: out.get("data", {})
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "scrapbook" in out.get("metadata", {})
    }


def _figure_outputs(page: Page, match: re.Match, cache: Path) -> list:
    name, rest = match.groups()
    html = page.glued[page.docname][name][f"{GLUE}text/html"]
    spec = chart_spec(html)
    image = nbformat.v4.new_output(
        "display_data",
        data={
            "image/png": base64.b64encode(chart_png(spec, cache)).decode("ascii"),
            "text/plain": spec.get("description", name),
        },
    )
    caption = page.caption(name, page.myst(rest))
    return [image, nbformat.v4.new_output("display_data", data={"text/markdown": caption})]


def _output(page: Page, output, cache: Path) -> list:
    data = output.get("data", {})
    if data and all(mime.startswith(GLUE) for mime in data):
        return []  # a glued value: shown where the text uses it
    markdown = data.get("text/markdown")
    if markdown is None:
        return [output]
    text = "".join(markdown) if isinstance(markdown, list) else markdown
    figure = FIGURE.search(text)
    if figure:
        return _figure_outputs(page, figure, cache)
    changed = copy.deepcopy(output)
    changed["data"]["text/markdown"] = page.myst(text)
    return [changed]


def portable(nb, page: Page, cache: Path):
    """A copy of the executed notebook ``nb`` readable outside the book (see the module's docstring)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = page.myst(cell.source)
        elif cell.cell_type == "code":
            cell.outputs = [new for out in cell.get("outputs", []) for new in _output(page, out, cache)]
    return nb


def write(app, exception) -> None:
    """Replace the download copy of every executed page's notebook by its portable version."""
    docnames = sorted(getattr(app.env, "book_templates", {}))
    if exception is not None or app.builder.format != "html" or not docnames:
        return
    notebooks = {doc: nbformat.read(app.env.doc2path(doc), as_version=4) for doc in docnames}
    glued = {doc: _glued(nb) for doc, nb in notebooks.items()}
    cache = Path(app.doctreedir).parent / "_chart_images"
    for doc, nb in notebooks.items():
        target = Path(app.outdir) / "_sources" / f"{doc}.ipynb"
        if target.is_file():
            nbformat.write(portable(nb, Page(app, doc, glued), cache), str(target))
