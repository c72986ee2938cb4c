"""An events officer enters a whole event through the admin in a real Chromium (Debian's), previews and publishes it,
in at most 12 full page loads; then the local times and paragraphs are checked on every output."""

import datetime as dt
import json
import re
import time
from pathlib import Path

import icalendar
import pytest
from django.contrib.auth.models import User

from events.documents.services import kit_render
from events.models import Event
from events.tests.documents.helpers import text_of
from events.tests.test_browser import browser, page, site  # noqa: F401 - the shared Chromium fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108 - screenshots for people to look at
SPEECH = ["Excellencies, colleagues.", "Trafficking moves online.", "We must follow it there."]


def choose(tab, field_id: str, search: str, option: str) -> None:
    """Pick in an autocomplete (select2) field: open it, type, take the first match."""
    tab.locator(f"#{field_id}").locator("xpath=following-sibling::span[contains(@class,'select2')][1]").click()
    field = tab.locator(".select2-container--open .select2-search__field")
    field.fill(search)
    tab.locator(".select2-results__option--highlighted", has_text=option).wait_for()
    field.press("Enter")


def test_officer_enters_previews_and_publishes_an_event(site, page, settings):  # noqa: F811 - fixtures
    User.objects.create_superuser("officer", "officer@example.org", "a long test password")
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    page.set_viewport_size({"width": 1280, "height": 900})
    started = time.monotonic()

    page.goto(site + "/admin/login/?next=/admin/events/event/add/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/events/event/add/")

    page.locator("#id_title_en").fill("Online trafficking: following the money")
    page.locator("#id_timezone").fill("America/New_York")
    page.locator("#id_start_date").fill("2026-03-07")
    page.locator("#id_end_date").fill("2026-03-09")
    # An organiser, two sessions on both sides of New York's change to summer time, a speech, a kit section.
    page.locator("#event_organisations-group").get_by_role("button", name=re.compile("Add another")).click()
    choose(page, "id_event_organisations-0-organisation", "fondation scelles", "Scelles Foundation")
    group = page.locator("#sessions-group")
    for i, (day, title) in enumerate([("2026-03-07", "Following the money"), ("2026-03-09", "Tools for victims")]):
        group.get_by_role("button", name=re.compile("Add another")).click()
        page.locator(f"#id_sessions-{i}-title_en").fill(title)
        page.locator(f"#id_sessions-{i}-starts_at_0").fill(day)
        page.locator(f"#id_sessions-{i}-starts_at_1").fill("18:30")
        page.locator(f"#id_sessions-{i}-ends_at_0").fill(day)
        page.locator(f"#id_sessions-{i}-ends_at_1").fill("20:00")
    page.locator("#participations-group").get_by_role("button", name=re.compile("Add another")).click()
    choose(page, "id_participations-0-person", "valiant", "Valiant Richey")
    page.locator("#id_participations-0-role").select_option("keynote")
    page.locator("#id_participations-0-position_en").fill("Special Representative, new post")
    page.locator("#remarks-group").get_by_role("button", name=re.compile("Add another")).click()
    page.locator("#id_remarks-0-title_en").fill("Opening remarks")
    choose(page, "id_remarks-0-speaker", "valiant", "Valiant Richey")
    editor = page.locator("#remarks-0 .field-body_en .prose-editor > .tiptap")
    editor.click()
    for i, paragraph in enumerate(SPEECH):
        if i:
            editor.press("Enter")
        editor.type(paragraph)
    kit = [("Programme", "programme"), ("Key figures", "statistics"), ("Speakers", "speakers"), ("Remarks", "remarks")]
    for i, (title, kind) in enumerate(kit):
        page.locator("#kit_sections-group").get_by_role("button", name=re.compile("Add another")).click()
        page.locator(f"#id_kit_sections-{i}-title_en").fill(title)
        page.locator(f"#id_kit_sections-{i}-kind").select_option(kind)
        page.locator(f"#id_kit_sections-{i}-order").fill(str(i))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "event-add-1280.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()
    page.screenshot(path=SHOTS / "event-change-1280.png", full_page=True)
    event = Event.objects.get(title="Online trafficking: following the money")

    # The statistic, on the kit section's page linked from the event's.
    page.get_by_role("link", name="Key figures").first.click()
    page.wait_for_load_state()
    page.locator("#statistics-group").get_by_role("button", name=re.compile("Add another")).click()
    page.locator("#id_statistics-0-figure").fill("79%")
    page.locator("#id_statistics-0-label_en").fill("of identified victims are women and girls")
    page.locator("#id_statistics-0-source").fill("UNODC")
    page.screenshot(path=SHOTS / "kitsection-1280.png", full_page=True)
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0

    # Check, preview, publish.
    page.goto(f"{site}/admin/events/event/{event.pk}/publish/")
    page.screenshot(path=SHOTS / "publish-1280.png", full_page=True)
    preview_url = site + page.get_by_role("link", name="Preview the participant kit").get_attribute("href")
    preview = page.request.get(preview_url)
    assert (preview.status, preview.body()[:5]) == (200, b"%PDF-")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    event.refresh_from_db()
    assert event.is_published is True

    page.goto(site + event.get_absolute_url())
    public = page.content()
    seconds = time.monotonic() - started
    print(f"\nentry: {len(loads)} page loads, {seconds:.1f} s")
    assert len(loads) <= 12, loads

    # The local times everywhere, and the speech's paragraphs.
    # Each session's own entry on the page (an overview may repeat the times elsewhere).
    starts = re.findall(r'id="session-[^"]+".{0,400}?(\d+(?::\d+)? [ap]\.m\.)', public, re.DOTALL)
    assert starts == ["6:30 p.m.", "6:30 p.m."]
    remark = event.remarks.get()
    assert re.findall(r"<p>(.*?)</p>", remark.body) == SPEECH
    speech_page = page.request.get(site + remark.get_absolute_url()).text()
    assert [f"<p>{paragraph}</p>" in speech_page for paragraph in SPEECH] == [True, True, True]
    calendar = icalendar.Calendar.from_ical(page.request.get(f"{site}/events/{event.slug}/calendar.ics").body())
    starts = sorted(
        v.decoded("dtstart") for v in calendar.walk("VEVENT") if isinstance(v.decoded("dtstart"), dt.datetime)
    )
    assert [s.strftime("%Y-%m-%d %H:%M %Z") for s in starts] == ["2026-03-07 18:30 EST", "2026-03-09 18:30 EDT"]
    frab = json.loads(page.request.get(f"{site}/events/{event.slug}/schedule.json").body())
    talks = [t for day in frab["schedule"]["conference"]["days"] for room in day["rooms"].values() for t in room]
    assert sorted((t["date"], t["start"]) for t in talks) == [
        ("2026-03-07T18:30:00-05:00", "18:30"),
        ("2026-03-09T18:30:00-04:00", "18:30"),
    ]
    pdf = text_of(kit_render(event=Event.objects.get(pk=event.pk)))
    assert (pdf.count("6:30 p.m."), "79%" in pdf, "KEYNOTE Valiant Richey" in pdf) == (2, True, True)
    assert " ".join(SPEECH) in pdf
