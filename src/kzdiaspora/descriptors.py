"""The titles and descriptions of the data package's descriptors in the page's language.

``data/datapackage.json`` and the schemas of ``data/schemas/`` are the published package and
stay in English. Pages show their titles and descriptions (the catalogue on the methods page,
the data dictionary) through :func:`described`, :func:`described_resource` and
:func:`described_schema`, which take them from the library's catalog
``src/kzdiaspora/locale/<language>/LC_MESSAGES/kzdiaspora.po`` under a context per kind of text,
``"datapackage.<kind>"`` (:data:`DESCRIBED`); ``python -m kzdiaspora_book.catalogs`` collects
them there (:func:`kzdiaspora.data.descriptor_texts`). Correcting a description in a descriptor
leaves its old translation in the catalog as stale (fuzzy), and the page shows the English text
until it is translated again.
"""

from __future__ import annotations

import copy

from . import i18n

#: The kinds of text of the package's descriptors (``datapackage.json`` and the schemas of
#: ``data/schemas/``) that pages show: the titles and descriptions of the package
#: (``"package"``), of each resource (``"resource"``), of each column of a schema (``"field"``)
#: and of each schema of :func:`kzdiaspora.data.microdata_schemas` (``"schema"``), and the titles of the sources
#: (``"source"``) and licences (``"licence"``) a descriptor lists. Each kind is translated in the
#: library's catalog under the context ``"datapackage.<kind>"``; the descriptors on disk stay in
#: English (they are the published package), so that correcting one of their texts only makes
#: its translation stale.
DESCRIBED = ("package", "resource", "field", "schema", "source", "licence")


def _own_text_slots(mapping: dict, kind: str, keys=("title", "description")):
    """``(mapping, key, kind)`` for each of ``keys`` whose value in ``mapping`` is a non-empty text."""
    for key in keys:
        if isinstance(mapping, dict) and isinstance(mapping.get(key), str) and mapping[key]:
            yield mapping, key, kind


def text_slots(descriptor: dict, where: str):
    """Where the texts of ``descriptor`` (of kind ``"package"``, ``"resource"`` or ``"schema"``)
    sit: ``(mapping, key, kind)`` for each non-empty title or description, the package's
    resources and every schema's fields included, in the order of the descriptor."""
    yield from _own_text_slots(descriptor, where)
    for kind, listed in (("licence", "licenses"), ("source", "sources")):
        for entry in descriptor.get(listed) or []:
            yield from _own_text_slots(entry, kind, keys=("title",))
    if where == "package":
        for res in descriptor.get("resources") or []:
            yield from text_slots(res, "resource")
    schema = descriptor if where == "schema" else descriptor.get("schema") or {}
    for field in schema.get("fields") or []:
        yield from _own_text_slots(field, "field")


def described(text: str, where: str) -> str:
    """A title or description of the package's descriptors in the current language.

    ``where`` is its kind, one of :data:`DESCRIBED` (``"resource"``, ``"field"``...): the
    translation is the library catalog's under the context ``"datapackage.<where>"``
    (:func:`kzdiaspora.i18n.data_text`). On an English page, and for a text the catalog does not
    translate (or only with a fuzzy entry), ``text`` itself; a missing value (None, NaN) is
    returned as it is. Raises ValueError for an unknown kind."""
    if where not in DESCRIBED:
        raise ValueError(f"{where!r}: not a kind of descriptor text; one of {', '.join(DESCRIBED)}")
    if not isinstance(text, str) or not text:
        return text
    return i18n.data_text(text, "datapackage", where)


def _described(descriptor: dict, where: str) -> dict:
    """A copy of ``descriptor`` with each of its texts in the current language."""
    out = copy.deepcopy(descriptor)
    for mapping, key, kind in text_slots(out, where):
        mapping[key] = described(mapping[key], kind)
    return out


def described_resource(res: dict) -> dict:
    """A copy of resource descriptor ``res`` (one of :func:`kzdiaspora.data.resources`) for display: its title,
    description, sources' and licences' titles and its schema's column titles and descriptions in
    the current language (:func:`described`); everything else, and the whole descriptor on an
    English page, unchanged. For showing only: validate and load with the descriptor as read."""
    return _described(res, "resource")


def described_schema(schema: dict) -> dict:
    """A copy of a Table Schema of :func:`kzdiaspora.data.microdata_schemas` for display, with its title and
    description and its columns' titles and descriptions in the current language (see
    :func:`described_resource`)."""
    return _described(schema, "schema")
