"""PDF/UA structure checks on the real documents, with pypdf: what veraPDF would look at first.

Not checked here (no validator that runs offline in the test suite): colour contrast of text, reading order against
the visual order, table header scope, font glyph-to-Unicode completeness beyond text extraction.
"""

import re

import pytest

from events.tests.documents.helpers import marked_content, outline, reader_of, structure_elements

KIT_EVENT = "combating-online-sex-trafficking-2018"

DOCUMENTS = [(KIT_EVENT, "kit"), (KIT_EVENT, "proceedings"), ("alliance-19-2019", "programme")]


@pytest.mark.parametrize(("slug", "kind"), DOCUMENTS)
def test_every_marked_content_item_is_in_the_structure_tree_or_an_artifact(rendered, slug, kind):
    reader = reader_of(rendered(slug, kind))
    in_tree = set().union(*(element["mcids"] for element in structure_elements(reader)))
    content, artifacts, untagged = marked_content(reader)
    # Running heads and page numbers are artifacts: at least two a page but the cover and back cover.
    assert (sorted(content - in_tree), sorted(in_tree - content), untagged) == ([], [], 0)
    assert artifacts >= 2 * (len(reader.pages) - 2)


@pytest.mark.parametrize(("slug", "kind"), DOCUMENTS)
def test_heading_levels_never_skip_one(rendered, slug, kind):
    reader = reader_of(rendered(slug, kind))
    levels = [int(e["type"][2]) for e in structure_elements(reader) if re.fullmatch(r"/H[1-6]", e["type"])]
    skips = [(before, after) for before, after in zip([1, *levels], levels, strict=False) if after > before + 1]
    assert (levels[:1], skips) == ([1], [])


def test_french_passages_of_the_english_kit_carry_their_language(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    languages = {element["lang"] for element in structure_elements(reader) if element["lang"]}
    assert (reader.trailer["/Root"]["/Lang"], languages) == ("en", {"fr"})


def test_each_contents_entry_is_one_link_described_by_its_title(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    titles = [title for title, _page, _children in outline(reader)][2:]  # after the cover and the contents
    assert [str(link["/Contents"]) for link in links] == titles


def test_every_web_and_email_address_in_the_kit_is_a_link(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    targets = set()
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None:
                targets.add(_bare(str(action["/URI"])))
    text = " ".join(page.extract_text() for page in reader.pages)
    addresses = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[\w./?=&%#~-]*\w", text)
    # An address wrapped at the end of a line is extracted in two pieces: its first piece must start a target.
    unlinked = [a for a in addresses if not any(target.startswith(_bare(a)) for target in targets)]
    assert (len(addresses) > 20, unlinked) == (True, [])


def _bare(address: str) -> str:
    return re.sub(r"^(mailto:|https?://)?(www\.)?", "", address).rstrip("/")
