"""The printed layout of the real documents: pagination, cover, live-stream page (rendered once per module)."""

import re
import subprocess
import tempfile
from pathlib import Path

from events.documents.accent import PALETTE, accent_colour, contrast_with_white, readable
from events.models import Event
from events.programme import organisers
from events.tests.documents.helpers import outline, page_fills, page_text, reader_of

KIT_EVENT = "combating-online-sex-trafficking-2018"


def test_the_2018_kit_has_at_most_46_pages_and_no_near_empty_page_but_where_a_part_ends(rendered):
    data = rendered(KIT_EVENT, "kit")
    reader = reader_of(data)
    part_starts = {page for _title, page, _children in outline(reader)}
    fills = page_fills(data)
    last = len(fills)
    # A page may be nearly empty only when the next one starts a part, or as the back cover.
    near_empty = [n for n, fill in enumerate(fills, 1) if fill < 0.15 and n + 1 not in part_starts and n != last]
    assert (len(fills) <= 46, near_empty) == (True, [])


def test_the_legal_framework_is_one_chapter_with_the_jurisdictions_inside(rendered):
    chapters = outline(reader_of(rendered(KIT_EVENT, "kit")))
    titles = [title for title, _page, _children in chapters]
    legal = next(children for title, _page, children in chapters if title == "Legal Framework")
    assert ("France" in titles, "USA" in titles) == (False, False)
    assert [title for title, _page in legal if "France" in title or title == "USA"] == [
        "Fight Against Human Trafficking & Prostitution – France",
        "France",
        "USA",
    ]


def test_an_annexes_divider_lists_every_annex_before_the_first(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    chapters = outline(reader)
    titles = [title for title, _page, _children in chapters]
    divider = titles.index("Annexes")
    annexes = [title for title in titles if title.startswith("Annex ")]
    divider_page = chapters[divider][1]
    assert (titles[divider + 1], len(annexes)) == ("Annex 1 – Remarks", 5)
    assert [title for title in annexes if title not in page_text(reader, divider_page)] == []


def test_the_first_remark_starts_on_the_remarks_title_page(rendered):
    chapters = outline(reader_of(rendered(KIT_EVENT, "kit")))
    page, children = next((page, children) for title, page, children in chapters if title == "Annex 1 – Remarks")
    assert [child_page for _title, child_page in children][:1] == [page]


def test_the_live_stream_page_gives_the_address_and_event_id_once_and_the_apps_under_download(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    page = next(page for title, page, _children in outline(reader) if title == "Live Streaming")
    text = page_text(reader, page)
    text = text[text.index("Live Streaming") : text.index("Contacts")]
    assert (text.count("Available at"), text.lower().count("event id")) == (1, 1)
    assert text.index("Download the app") < text.index("itunes.apple.com") < text.index("Want to podcast")


def test_the_kit_cover_has_a_colour_field_in_the_accent_colour(rendered, db):
    event = Event.objects.get(slug=KIT_EVENT)
    accent = accent_colour(event, organisers(event))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "kit.pdf"
        pdf.write_bytes(rendered(KIT_EVENT, "kit"))
        subprocess.run(["pdftoppm", "-r", "10", "-f", "1", "-l", "1", str(pdf), f"{tmp}/c"], check=True)  # noqa: S603, S607
        ppm = next(Path(tmp).glob("c-*.ppm")).read_bytes()
    _magic, size, _max, pixels = ppm.split(b"\n", 3)
    width, _height = (int(v) for v in size.split())
    row = 5  # near the top edge: the band is full bleed
    pixel = pixels[(row * width + 2) * 3 : (row * width + 2) * 3 + 3]
    assert pixel.hex() == accent.lstrip("#")


def test_every_accent_colour_carries_white_text_readably():
    assert [colour for colour in PALETTE if contrast_with_white(colour) < 4.5] == []
    assert contrast_with_white(readable("#ffcc00")) >= 4.5
    assert (readable("#1f4e79"), readable("not a colour")) == ("#1f4e79", "#6b1d3a")


def test_proceedings_takeaways_follow_each_other_on_shared_pages(rendered):
    reader = reader_of(rendered(KIT_EVENT, "proceedings"))
    takeaways = next(children for title, _page, children in outline(reader) if "takeaways" in title)
    pages = [page for _title, page in takeaways]
    assert (len(pages), len(set(pages)) < len(pages)) == (6, True)


def test_body_lines_keep_a_readable_measure(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    page = next(page for title, page, _children in outline(reader) if title == "Annex 1 – Remarks") + 1
    lines = [line for line in reader.pages[page - 1].extract_text().splitlines() if len(line) > 30]
    lengths = sorted(len(line) for line in lines)
    # The median full line of running text holds 60 to 80 characters (it was about 100 across the whole page).
    assert 60 <= lengths[len(lengths) // 2] <= 80, lengths


def test_labels_extract_as_words_and_amounts_never_break(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert ("S PEAKER" in text, "SPEAKER" in text) == (False, True)
    assert re.findall(r"\$\s*\n\s*\d", text) == []


def test_the_2019_programme_opens_with_a_tagged_at_a_glance_table_of_its_side_events(rendered, db):
    from events.tests.documents.helpers import structure_elements

    reader = reader_of(rendered("alliance-19-2019", "programme"))
    glance = page_text(reader, 2)
    titles = [e.title for e in Event.objects.get(slug="alliance-19-2019").children.all()]
    assert (outline(reader)[1][:2], glance.startswith("Programme When Where What")) == (("Programme", 2), True)
    assert [title for title in titles if " ".join(title.split()) not in glance] == []
    assert [e["type"] for e in structure_elements(reader) if e["type"] in ("/TH", "/Table")] == ["/Table"] + 3 * ["/TH"]


def test_no_programme_entry_title_is_left_at_the_foot_of_a_page(rendered, db):
    reader = reader_of(rendered("alliance-19-2019", "programme"))
    pages = [page_text(reader, number) for number in range(3, len(reader.pages))]  # after the at-a-glance table
    titles = [" ".join(e.title.split()) for e in Event.objects.get(slug="alliance-19-2019").children.all()]
    # What follows each title on its page: at least the place line and the first lines of the description.
    after = {title: len(page.split(title, 1)[1]) for page in pages for title in titles if title in page}
    assert (sorted(after) == sorted(titles), [title for title, chars in after.items() if chars < 250]) == (True, [])


def test_a_short_text_part_is_set_as_a_statement_page(rendered):
    reader = reader_of(rendered(KIT_EVENT, "kit"))
    call = next(page for title, page, _children in outline(reader) if title == "Call for Action")
    # The part's page is filled by design (the heading lowered, the text set large), not three lines at its top.
    assert page_fills(rendered(KIT_EVENT, "kit"))[call - 1] > 0.35


def test_the_at_a_glance_dates_are_abbreviated_in_the_documents_language(rendered):
    english = page_text(reader_of(rendered("alliance-19-2019", "programme")), 2)
    french = page_text(reader_of(rendered("alliance-19-2019", "programme", "fr")), 2)
    days = [
        (english.count(en), french.count(fr)) for en, fr in (("Mon 8 Apr,", "lun 8 avr,"), ("Tue 9 Apr,", "mar 9 avr,"))
    ]
    # French abbreviates in lower case ("lun 8 avr"), not with Django's capitalised "M" ("Avr").
    assert (days[0][0] > 0, days[1][0] > 0, [en == fr for en, fr in days], "Avr" in french) == (
        True,
        True,
        [True, True],
        False,
    )
