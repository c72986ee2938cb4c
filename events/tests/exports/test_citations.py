import json

import pytest

from events.models import Organisation, Proceedings, Publication

pytestmark = pytest.mark.django_db

PUBLICATION = "/publications/global-report-2019-cyberprocuring/"
PROCEEDINGS = "/events/combating-online-sex-trafficking-2018/proceedings/"


@pytest.fixture
def with_publisher():
    """The fixture's chapter names no publisher (seed 004 prints none); these tests give it one."""
    Publication.objects.filter(slug="global-report-2019-cyberprocuring").update(
        publisher=Organisation.objects.get(slug="scelles-foundation")
    )


def test_publication_page_carries_highwire_tags(client):
    content = client.get(PUBLICATION).content.decode()
    assert (
        '<meta name="citation_title" content="Dealing with cyberprocuring and online sexual exploitation">' in content
    )
    assert (
        '<meta name="citation_book_title" content="Sexual Exploitation: New Challenges, New Answers (5th Global Report)">'
        in content
    )
    assert '<meta name="citation_publication_date" content="2019">' in content
    assert "citation_doi" not in content


def test_doi_is_shown_when_set(client):
    Publication.objects.filter(slug="global-report-2019-cyberprocuring").update(doi="10.1234/example.5")
    content = client.get(PUBLICATION).content.decode()
    assert '<meta name="citation_doi" content="10.1234/example.5">' in content
    assert 'href="https://doi.org/10.1234/example.5"' in content


def test_publication_csl_json(client, with_publisher):
    response = client.get(PUBLICATION + "cite.json")
    [item] = json.loads(response.content)
    assert (item["type"], item["issued"], item["publisher"], item["publisher-place"]) == (
        "chapter",
        {"date-parts": [[2019]]},
        "Scelles Foundation",
        "Paris",
    )
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"


def test_publication_bibtex(client, with_publisher):
    bib = client.get(PUBLICATION + "cite.bib").content.decode()
    assert bib.startswith("@incollection{Scelles2019Dealing,\n")
    assert "  booktitle = {Sexual Exploitation: New Challenges, New Answers (5th Global Report)},\n" in bib
    assert "  year = {2019},\n" in bib


def test_proceedings_citations(client):
    content = client.get(PROCEEDINGS).content.decode()
    assert '<meta name="citation_conference_title" content="Combating Online Sex Trafficking">' in content
    [item] = json.loads(client.get(PROCEEDINGS + "cite.json").content)
    assert (item["type"], item["event-place"], item["issued"]) == (
        "paper-conference",
        "New York",
        {"date-parts": [[2018, 3, 14]]},
    )
    assert "Scelles Foundation" in [a["literal"] for a in item["author"]]
    bib = client.get(PROCEEDINGS + "cite.bib").content.decode()
    assert bib.startswith("@proceedings{")


def test_bibtex_escapes_special_characters(client):
    Proceedings.objects.filter(event__slug="combating-online-sex-trafficking-2018").update(title="R&D {50%} $x_1")
    bib = client.get(PROCEEDINGS + "cite.bib").content.decode()
    # BibTeX counts escaped braces too: a brace in the text is a command, so the field's braces stay balanced.
    assert r"title = {{R\&D \textbraceleft{}50\%\textbraceright{} \$x\_1}}" in bib


def test_unknown_format_is_404(client):
    assert client.get(PUBLICATION + "cite.xml").status_code == 404


def _bibtex_fields(bib: str) -> dict[str, str]:
    """The fields of one entry, read as BibTeX reads them: a field ends at its brace's match, backslash or not."""
    body = bib[bib.index(",") + 1 : bib.rindex("}")]
    fields, depth, name, value = {}, 0, "", ""
    for char in body:
        if depth == 0 and char == "=":
            name, value = value.strip(), ""
            continue
        if depth == 0 and char == ",":
            fields[name] = value.strip()[1:-1]
            name, value = "", ""
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        value += char
    fields[name] = value.strip()[1:-1]
    return fields


def test_bibtex_fields_cannot_inject_fields_or_tex(client, with_publisher):
    Publication.objects.filter(slug="global-report-2019-cyberprocuring").update(
        doi="10.1/x}, title={evil \\input{/etc/passwd}",
        language="}\r\n\\input{",  # the column holds 10 characters
        place="Paris}, publisher={evil",
    )
    bib = client.get(PUBLICATION + "cite.bib").content.decode()
    fields = _bibtex_fields(bib)
    assert list(fields) == [
        "title", "booktitle", "author", "editor", "publisher", "address", "year", "language", "doi", "url",
    ]  # fmt: skip
    assert fields["doi"] == "10.1/x%7D,%20title=%7Bevil%20%5Cinput%7B/etc/passwd%7D"
    assert fields["language"] == r"\textbraceright{} \textbackslash{}input\textbraceleft{}"
    assert fields["address"] == r"Paris\textbraceright{}, publisher=\textbraceleft{}evil"
    assert fields["url"] == "http://testserver/publications/global-report-2019-cyberprocuring/"
    assert "\\input" not in bib


def test_bibtex_key_and_fields_survive_empty_titles(client):
    Proceedings.objects.filter(event__slug="combating-online-sex-trafficking-2018").update(title="  ")
    bib = client.get(PROCEEDINGS + "cite.bib").content.decode()
    assert bib.startswith("@proceedings{Scelles2018,\n")


def test_proceedings_citation_of_a_draft_event_is_404(client):
    from events.models import Event
    from events.services import event_unpublish

    assert "Combating Online Sex Trafficking" in client.get(PROCEEDINGS + "cite.json").content.decode()
    # Through the service, as in the admin: a queryset update() would change no data version (nor history).
    event_unpublish(event=Event.objects.get(slug="combating-online-sex-trafficking-2018"))
    for fmt in ("bib", "json"):
        response = client.get(PROCEEDINGS + f"cite.{fmt}")
        assert (response.status_code, "Combating" in response.content.decode()) == (404, False)
