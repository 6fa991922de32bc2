"""Author-year citations that tell apart the works of one author in one year.

sphinxcontrib-bibtex's ``author_year`` style cites every item a news agency published in 2023 as
"Kazinform, 2023", and its default bibliography labels them differently again ("[Kaz23a]"). Here
one label serves both, as in APA or Chicago author-date style; the labels are those of
:mod:`kzdiaspora.bibliography`, which the analysis library uses too:

* the label style ``author_year`` gives each entry the text its citations show, "Kazinform, 2023",
  adding a letter after the year when authors and year are shared ("Kazinform, 2023a",
  "Kazinform, 2023b", in the order of their titles; "n.d.-a" for undated works);
* the formatting style ``author_year`` sorts the bibliography by those labels, shows each label
  before its entry, and shows a web address by its host name (the link keeps the whole address);
* the referencing style ``author_year_distinct`` takes the year of each citation from the label,
  so that "(Kazinform, 2023b)" in the text is the entry labelled so in the bibliography, and
  separates the works of one citation with semicolons;
* a DOI's link is percent-encoded (a DOI may hold ``#``, ``?`` or ``%``), its text as printed;
* every entry gets the field ``filed_under``, the letter it is sorted under
  (:func:`kzdiaspora.bibliography.filed_under`), which the bibliography pages' ``:filter:`` splits
  on, so that the pages split where the order does.

:func:`register` makes the three known to pybtex and sphinxcontrib-bibtex; the configuration
selects them (``bibtex_default_style`` and ``bibtex_reference_style``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pybtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import href, node, words
from pybtex.style.template import join as join_text
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, GroupReferenceStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join, join2, post_text, pre_text, reference

from kzdiaspora import bibliography

NAME = "author_year"  # pybtex label, sorting and formatting styles
REFERENCE_STYLE = "author_year_distinct"  # sphinxcontrib-bibtex referencing style


@node
def labelled_year(children, data):
    """The year of a cited work as its bibliography label shows it (with its letter)."""
    assert not children
    return Text(bibliography.year_of(data["formatted_entry"].label))


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[
                join(sep=self.author_year_sep)[
                    self.person.author_or_editor_or_title(full="s" in role_name), labelled_year
                ]
            ],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name):
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[
                self.bracket.left,
                join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[labelled_year], post_text],
                self.bracket.right,
            ],
        ]


@dataclass
class _Year(ExtraYearReferenceStyle):
    def inner(self, role_name):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[labelled_year], post_text]


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class DistinctAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author-year references, with the year (and letter) of the label,
    round brackets, and semicolons between works."""

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)

    def __post_init__(self):
        self.styles.extend(
            [
                _Parenthetical(
                    bracket=self.bracket_parenthetical,
                    person=self.person,
                    author_year_sep=self.author_year_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                _Textual(
                    bracket=self.bracket_textual,
                    person=self.person,
                    text_reference_sep=self.text_reference_sep,
                    pre_text_sep=self.pre_text_sep,
                    post_text_sep=self.post_text_sep,
                ),
                ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person),
                ExtraLabelReferenceStyle(bracket=self.bracket_label),
                _Year(bracket=self.bracket_year),
                ExtraEmptyReferenceStyle(),
            ]
        )
        GroupReferenceStyle.__post_init__(self)


class SortingStyle(BaseSortingStyle):
    """By the label's authors, then year (undated last), then title, or the entry's ``sortkey``
    where it has one (as in biblatex): it keeps the letters the article gives its own sources
    when the book adds other works of the same authors and year (:func:`kzdiaspora.bibliography.sort_key`)."""

    def sorting_key(self, entry):
        return bibliography.sort_key(entry)


class LabelStyle(BaseLabelStyle):
    """ "Authors, year", with a letter after the year where authors and year are shared
    (:func:`kzdiaspora.bibliography.format_labels`)."""

    def format_labels(self, sorted_entries):
        return bibliography.format_labels(sorted_entries)


@node
def _host(children, context):
    """The host name of the entry's URL, as link text."""
    assert not children
    host = urlsplit(context["entry"].fields["url"]).netloc
    return Text(re.sub(r"^www\.", "", host))


#: What stays as it is in a DOI's web address; anything else is percent-encoded, as the DOI
#: Handbook asks (section 2.5.2.4): "#" would otherwise end the DOI at a fragment.
DOI_SAFE = "/:;()._-"


@node
def _doi_address(children, data):
    """The web address of the DOI its children give, percent-encoded."""
    doi = join_text[children].format_data(data)
    return Text("https://doi.org/" + quote(str(doi), safe=DOI_SAFE))


class Style(UnsrtStyle):
    """pybtex's ``unsrt`` entries, sorted and labelled by author and year."""

    default_sorting_style = NAME
    default_label_style = NAME

    def format_url(self, e):
        return words["Online:", href(bib_field("url", raw=True))[_host]]

    def format_doi(self, e):
        return href(_doi_address[bib_field("doi", raw=True)])[join_text["doi:", bib_field("doi", raw=True)]]


def file_entries(app, env) -> None:
    """Give every entry of the bibliography the letter it is filed under (``filed_under``), for the
    bibliography pages' filters; before sphinxcontrib-bibtex sorts the entries into the pages."""
    if "cite" not in env.domains:  # a book without a bibliography
        return
    for entry in env.get_domain("cite").bibdata.data.entries.values():
        entry.fields["filed_under"] = bibliography.filed_under(entry)


def setup(app) -> None:
    register()
    app.connect("env-updated", file_entries, priority=400)  # sphinxcontrib-bibtex's own handler has 500


def register() -> None:
    """Make the styles known to pybtex and sphinxcontrib-bibtex (idempotent)."""
    for group, klass in (
        ("pybtex.style.labels", LabelStyle),
        ("pybtex.style.sorting", SortingStyle),
        ("pybtex.style.formatting", Style),
    ):
        pybtex.plugin.register_plugin(group, NAME, klass, force=True)
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, DistinctAuthorYearReferenceStyle, force=True
    )
