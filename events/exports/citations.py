"""Citation metadata for proceedings and publications: CSL-JSON, BibTeX and Highwire Press meta tags."""

import re
import unicodedata

from django.utils.html import strip_tags

from events.models import Event, Proceedings, Publication
from events.programme import organisers as event_organisers


def _issued(year: int | None, date=None) -> dict:
    if date is not None:
        return {"date-parts": [[date.year, date.month, date.day]]}
    return {"date-parts": [[year]]} if year else {}


def publication_csl(publication: Publication, absolute) -> dict:
    """CSL-JSON for a report chapter (the Global Report chapters are chapters of an edited book)."""
    editors = [{"literal": publication.editors}] if publication.editors else []
    data = {
        "id": publication.slug,
        "type": "chapter" if publication.container_title else "report",
        "title": publication.title,
        "container-title": publication.container_title,
        "editor": editors,
        "author": [{"literal": publication.publisher.name}] if publication.publisher else [],
        "publisher": publication.publisher.name if publication.publisher else "",
        "publisher-place": publication.place,
        "issued": _issued(publication.year),
        "language": publication.language,
        "URL": absolute(publication.get_absolute_url()),
        "DOI": publication.doi,
        "abstract": strip_tags(publication.abstract),
    }
    return {key: value for key, value in data.items() if value}


def proceedings_csl(proceedings: Proceedings, absolute) -> dict:
    event: Event = proceedings.event
    organisers = [eo.organisation.name for eo in event_organisers(event)]
    data = {
        "id": f"{event.slug}-proceedings",
        "type": "paper-conference" if proceedings.kind == Proceedings.Kind.PROCEEDINGS else "report",
        "title": proceedings.title,
        "event-title": event.title,
        "event-date": _issued(None, event.start_date) if event.start_date else {},
        "event-place": event.venue.city if event.venue else "",
        "author": [{"literal": name} for name in organisers],
        "publisher": organisers[0] if organisers else "",
        "issued": _issued(None, proceedings.published_on or event.start_date),
        "URL": absolute(proceedings.get_absolute_url()),
        "DOI": proceedings.doi,
    }
    return {key: value for key, value in data.items() if value}


def _first_word(text: str) -> str:
    """The first word in ASCII letters and digits, for the entry's key (which BibTeX does not escape)."""
    words = (text or "").split()
    text = unicodedata.normalize("NFKD", words[0] if words else "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "", text)


# One pass over the text, so the braces a replacement brings are not escaped again. BibTeX counts every brace,
# escaped or not, to find where a field ends: a lone brace is printed as a command, never as \{ or \}.
_TEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        **{char: "\\" + char for char in "&%$#_"},
    }
)
# What a URL cannot hold as is in a BibTeX field: braces (they end it), backslashes (TeX commands), white space.
_URL_UNSAFE = re.compile(r"[{}\\\s\x00-\x1f\x7f]")


def _bibtex_escape(value: str) -> str:
    """Text as TeX prints it, on one line (a blank line inside a field is a paragraph break, an error)."""
    return " ".join(value.split()).translate(_TEX)


def _bibtex_url(value: str) -> str:
    """A URL or DOI, read verbatim by \\url and biblatex: only what would break out of it is percent-encoded."""
    return _URL_UNSAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match[0].encode()), value.strip())


def _names(people: list[dict]) -> str:
    # Organisations and names as printed are "literal": braces keep BibTeX from splitting them.
    return " and ".join("{" + _bibtex_escape(p["literal"]) + "}" for p in people)


def to_bibtex(csl: dict) -> str:
    entry_type = {"chapter": "incollection", "paper-conference": "proceedings", "report": "techreport"}[csl["type"]]
    year = (csl.get("issued", {}).get("date-parts") or [[None]])[0][0]
    first = (csl.get("author") or csl.get("editor") or [{"literal": "anon"}])[0]["literal"]
    key = f"{_first_word(first)}{year or ''}{_first_word(csl['title'])}" or "entry"
    fields = [
        ("title", "{" + _bibtex_escape(csl["title"]) + "}"),
        ("booktitle", _bibtex_escape(csl.get("container-title") or csl.get("event-title") or "")),
        ("author", _names(csl.get("author", [])) if entry_type != "proceedings" else ""),
        ("editor", _names(csl.get("editor", []))),
        ("publisher", _bibtex_escape(csl.get("publisher", ""))),
        ("institution", _bibtex_escape(csl.get("publisher", "")) if entry_type == "techreport" else ""),
        ("address", _bibtex_escape(csl.get("publisher-place") or csl.get("event-place") or "")),
        ("year", str(year or "")),
        ("language", _bibtex_escape(csl.get("language", ""))),
        ("doi", _bibtex_url(csl.get("DOI", ""))),
        ("url", _bibtex_url(csl.get("URL", ""))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def highwire_tags(csl: dict) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta name="citation_*"> tags read by Google Scholar and Zotero."""
    tags = [("citation_title", csl["title"])]
    tags += [("citation_author", person["literal"]) for person in csl.get("author", [])]
    tags += [("citation_editor", person["literal"]) for person in csl.get("editor", [])]
    year = (csl.get("issued", {}).get("date-parts") or [[None]])[0]
    if year and year[0]:
        tags.append(("citation_publication_date", "/".join(str(part) for part in year)))
    if csl.get("container-title"):
        tags.append(("citation_book_title", csl["container-title"]))
    if csl.get("event-title"):
        tags.append(("citation_conference_title", csl["event-title"]))
    if csl.get("publisher"):
        tags.append(("citation_publisher", csl["publisher"]))
    if csl.get("language"):
        tags.append(("citation_language", csl["language"]))
    if csl.get("DOI"):
        tags.append(("citation_doi", csl["DOI"]))
    tags.append(("citation_abstract_html_url", csl["URL"]))
    return tags
