"""At the door: badges, name cards and the sign-in sheet for the 2018 event, and the check-in page. Staff only."""

import io
import math
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from events.models import Registration
from events.registration import door, services
from events.tests import test_browser
from events.tests.documents.helpers import text_of

pytestmark = pytest.mark.django_db

DOOR_EVENT = "combating-online-sex-trafficking-2018"
# The project's Chromium (skipped without it, outside CI) and a live server with the fixtures loaded.
browser, site = test_browser.browser, test_browser.site

KINDS = ["badges", "namecards", "signin"]


def pdf_of(client, user, event, kind: str, **params) -> PdfReader:
    client.force_login(user)
    response = client.get(reverse("door:print", args=[event.slug, kind]), params)
    cache_control = set(response["Cache-Control"].split(", "))
    assert (response["Content-Type"], {"private", "no-store"} <= cache_control) == ("application/pdf", True)
    return PdfReader(io.BytesIO(response.content))


# --- Badges ----------------------------------------------------------------------------------------------------------


def test_badges_print_every_registrant_ten_to_a_sheet(client, door_event, door_users, make_registrants):
    registrants = make_registrants(20)
    reader = pdf_of(client, door_users["editor"], door_event, "badges")
    text = text_of(reader)
    assert len(reader.pages) == 2
    assert [r.name for r in registrants if r.name not in text] == []
    assert text.count("Combating Online Sex Trafficking".upper()) == 20
    assert "Organisation 1" in text
    assert text.count("March 14, 2018 · New York") == 20


@pytest.mark.parametrize("size", door.BADGE_SIZES.values(), ids=lambda size: size.slug)
def test_badges_and_their_crop_marks_fit_the_sheet(size):
    width, height = door.A4_MM
    left, top, marks = door.crop_marks(size)
    columns, rows = size.grid()
    right, bottom = left + columns * size.width, top + rows * size.height
    assert (columns * rows, left >= door.MIN_MARGIN_MM, top >= door.MIN_MARGIN_MM) == (10, True, True)
    # Every mark lies in the margin (never over a badge) and on the sheet, in line with a cut.
    outside = [m for m in marks if not (m.left + m.width <= left or m.left >= right or m.top + m.height <= top
                                        or m.top >= bottom)]  # fmt: skip
    off_sheet = [m for m in marks if m.left < 3 or m.top < 3 or m.left + m.width > width - 3
                 or m.top + m.height > height - 3]  # fmt: skip
    cuts_x = {round(left + i * size.width, 6) for i in range(columns + 1)}
    cuts_y = {round(top + j * size.height, 6) for j in range(rows + 1)}
    vertical = {round(m.left, 6) for m in marks if m.width == 0}
    horizontal = {round(m.top, 6) for m in marks if m.height == 0}
    assert (outside, off_sheet, vertical, horizontal, len(marks)) == (
        [],
        [],
        cuts_x,
        cuts_y,
        2 * (columns + 1) + 2 * (rows + 1),
    )


def test_badges_for_the_smaller_size_are_laid_out_in_it(client, door_event, door_users, make_registrants):
    make_registrants(11)
    client.force_login(door_users["editor"])
    html = door.door_html(event=door_event, kind="badges", size="86x54")
    reader = pdf_of(client, door_users["editor"], door_event, "badges", size="86x54")
    assert (len(reader.pages), html.count("width: 86.00mm; height: 54.00mm")) == (2, 11)


def test_long_names_get_smaller_type():
    sizes = [door.name_size(name) for name in ("Li Wei", "Oluwaseun Adebayo-Okonkwo", "Maximiliano Alejandro Fernández",
                                               "Maximiliano Alejandro Fernández de la Vega y Castillo")]  # fmt: skip
    assert sizes == ["xl", "l", "m", "s"]


# --- Name cards -------------------------------------------------------------------------------------------------------


def test_name_cards_one_per_speaker_and_moderator_as_printed(client, door_event, door_users):
    reader = pdf_of(client, door_users["editor"], door_event, "namecards")
    pages = [page.extract_text() for page in reader.pages]
    herbert = [p for p in pages if "Bob Herbert" in p]
    # 14 people speak, open, close or moderate in the 2018 programme (fixtures/10_2018_colloquium.json).
    assert len(pages) == 14
    # Both faces of the tent: the name and the position at the time, twice, on one card.
    assert [(p.count("Bob Herbert"), p.count("veteran journalist and former New York Times columnist")) for p in
            herbert] == [(2, 2)]  # fmt: skip
    # The name as this event's documents print it, not the person's record.
    assert (sum("Per Anders Sunesson" in p for p in pages), sum("Per-Anders" in p for p in pages)) == (1, 0)


def test_name_cards_leave_out_patrons_and_repeat_nobody(door_event):
    from speakers.models import Participation

    herbert = door_event.participations.get(person__name="Bob Herbert")
    Participation.objects.create(event=door_event, person=herbert.person, role=Participation.Role.SPEAKER, order=99)
    villa = door_event.participations.get(person__name="Monique Villa")
    Participation.objects.filter(pk=villa.pk).update(role=Participation.Role.PATRON)
    names = [card.name for card in door.name_cards(door_event)]
    assert (len(names), names.count("Bob Herbert"), "Monique Villa" in names, names[0]) == (13, 1, False, "Bob Herbert")


# --- Sign-in sheet ----------------------------------------------------------------------------------------------------


def test_signin_sheet_is_alphabetical_with_blank_rows_to_the_end(client, door_event, door_users, make_registrants):
    registrants = make_registrants(25)
    Registration.objects.filter(pk=registrants[0].pk).update(name="émile zola")
    reader = pdf_of(client, door_users["editor"], door_event, "signin")
    names = ["émile zola", *(r.name for r in registrants[1:])]
    # pypdf reads the table column by column: the numbers, then the names in the order printed.
    pages = [page.extract_text() for page in reader.pages]
    numbers = [[int(line) for line in text.splitlines() if line.strip().isdigit()] for text in pages]
    printed = [sorted((n for n in names if n in text), key=text.index) for text in pages]
    accentless = [name.translate(str.maketrans("ÉéÖöüëá", "EeOouea")).lower() for name in printed[0] + printed[1]]
    assert len(pages) == math.ceil((25 + door.SIGNIN_MIN_BLANK_ROWS) / door.SIGNIN_ROWS_PER_PAGE) == 2
    assert (len(printed[0]), len(printed[1]), accentless == sorted(accentless)) == (20, 5, True)
    assert "émile zola" in printed[0]
    # The second page numbers rows 21 to 40 and names five: rows 26 to 40 are blank, for people who did not register.
    assert numbers == [list(range(1, 21)), list(range(21, 41))]
    assert ("25 registered" in pages[1], "Page 2 of 2" in pages[1]) == (True, True)
    # Times in the event's own time zone (New York), not the server's (UTC: 10 p.m.).
    assert "March 14, 2018, 6 p.m. – 8 p.m." in pages[0]


def test_signin_sheet_of_an_event_without_registrants_is_all_blank_rows(door_event):
    pages = door.signin_pages([])
    assert [[registration for _n, registration in page.rows] for page in pages] == [[None] * 20]


def test_only_registrants_holding_a_place_are_expected_at_the_door(client, door_event, door_users, make_registrants):
    import datetime as dt

    registrants = make_registrants(5)
    Status = Registration.Status
    for registration, status in zip(registrants, [Status.CANCELLED, Status.WAITING, Status.PENDING, Status.OFFERED],
                                    strict=False):  # fmt: skip
        Registration.objects.filter(pk=registration.pk).update(status=status)
    Registration.objects.filter(pk=registrants[4].pk).update(erased_at=dt.datetime(2018, 6, 1, tzinfo=dt.UTC))
    client.force_login(door_users["editor"])
    page = check_in_page(client, door_event)
    refused = mark(client, door_event, registrants[0])
    html = door.door_html(event=door_event, kind="signin")
    assert [r.name for r in door.door_registrations(door_event)] == [registrants[3].name]
    assert ([r.name for r in registrants if r.name in page], [r.name for r in registrants if r.name in html]) == (
        [registrants[3].name],
        [registrants[3].name],
    )
    assert ("<strong>0</strong> present of 1 registered" in page, refused.status_code) == (True, 404)


# --- Refused to anyone who may not edit the event ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_door_prints_are_refused_to_the_public_and_to_other_staff(client, door_event, door_users, make_registrants,
                                                                  kind):  # fmt: skip
    make_registrants(3)
    url = reverse("door:print", args=[door_event.slug, kind])
    anonymous = client.get(url)
    client.force_login(door_users["visitor"])
    visitor = client.get(url)
    client.force_login(door_users["stranger"])
    stranger = client.get(url)
    login = reverse("admin:login")
    assert (anonymous.status_code, anonymous["Location"].split("?")[0]) == (302, login)
    assert (visitor.status_code, visitor["Location"].split("?")[0]) == (302, login)
    assert (stranger.status_code, b"%PDF" in stranger.content, b"Ana" in stranger.content) == (404, False, False)


def test_the_superuser_gets_every_print_and_unknown_kinds_are_not_found(client, door_event, door_users):
    client.force_login(door_users["superuser"])
    statuses = [client.get(reverse("door:print", args=[door_event.slug, kind])).status_code for kind in
                ["kit", "badges.pdf", "signin"]]  # fmt: skip
    wrong_size = client.get(reverse("door:print", args=[door_event.slug, "badges"]), {"size": "1x1"})
    assert (statuses, wrong_size.status_code) == ([404, 404, 200], 404)


def test_render_pdf_prints_the_door_kinds_from_the_command_line(door_event, make_registrants, tmp_path):
    from django.core.management import call_command

    registrants = make_registrants(11)
    call_command(
        "render_pdf", door_event.slug, "badges", tmp_path / "badges.pdf", "--size", "86x54", stdout=io.StringIO()
    )
    call_command("render_pdf", door_event.slug, "signin", tmp_path / "signin.pdf", stdout=io.StringIO())
    badges, signin = (PdfReader(tmp_path / name) for name in ("badges.pdf", "signin.pdf"))
    assert (len(badges.pages), len(signin.pages)) == (2, 1)
    assert [r.name for r in registrants if r.name not in text_of(badges) or r.name not in text_of(signin)] == []


# --- Check-in ---------------------------------------------------------------------------------------------------


def check_in_page(client, event, **params) -> str:
    return client.get(reverse("door:check_in", args=[event.slug]), params).content.decode()


def mark(client, event, registration, **data):
    return client.post(reverse("door:check_in_mark", args=[event.slug, registration.pk]), data)


def test_one_tap_marks_exactly_one_registrant_present_and_counts(client, door_event, door_users, make_registrants):
    registrants = make_registrants(5)
    client.force_login(door_users["editor"])
    response = mark(client, door_event, registrants[2], presence="absent")
    present = list(Registration.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True))
    page = check_in_page(client, door_event)
    assert response["Location"] == (
        reverse("door:check_in", args=[door_event.slug]) + f"?presence=absent#registration-{registrants[2].pk}"
    )
    assert present == [registrants[2].pk]
    assert "<strong>1</strong> present of 5 registered" in page
    assert f"{registrants[2].name} is marked present." in page
    assert page.count('class="present"') == 1


def test_a_second_tap_keeps_the_arrival_time_and_undo_clears_it(door_event, door_users, make_registrants):
    registration = make_registrants(1)[0]
    first = services.registration_check_in(registration=registration, user=door_users["editor"]).checked_in_at
    again = services.registration_check_in(registration=registration, user=door_users["editor"]).checked_in_at
    undone = services.registration_check_in(registration=registration, user=door_users["editor"], present=False)
    assert (first is not None, again == first, undone.checked_in_at) == (True, True, None)


def test_only_editors_of_the_event_may_check_people_in(client, door_event, door_users, make_registrants):
    registration = make_registrants(1)[0]
    with pytest.raises(PermissionDenied):
        services.registration_check_in(registration=registration, user=door_users["stranger"])
    anonymous = mark(client, door_event, registration)
    client.force_login(door_users["stranger"])
    stranger = mark(client, door_event, registration)
    page = client.get(reverse("door:check_in", args=[door_event.slug]))
    assert (anonymous.status_code, stranger.status_code, page.status_code) == (302, 404, 404)
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


def test_a_registration_of_another_event_cannot_be_marked_through_this_one(client, door_event, door_users,
                                                                           make_registrants):  # fmt: skip
    from events.models import Event

    other_event = Event.objects.get(slug="alliance-19-2019")
    other = make_registrants(1, event=other_event)[0]
    client.force_login(door_users["superuser"])
    response = mark(client, door_event, other)
    assert (response.status_code, Registration.objects.get(pk=other.pk).checked_in_at) == (404, None)


def test_search_and_presence_filter_the_list(client, door_event, door_users, make_registrants):
    registrants = make_registrants(12)
    Registration.objects.filter(pk__in=[registrants[3].pk, registrants[4].pk]).update(
        organisation="Sanctuary for Families"
    )
    for registration in (registrants[0], registrants[3]):
        services.registration_check_in(registration=registration, user=door_users["editor"])
    client.force_login(door_users["editor"])

    def listed(**params) -> list[str]:
        return re.findall(r'<span class="name">([^<]+)</span>', check_in_page(client, door_event, **params))

    # Every word must match, in any of the three fields, accents and case ignored.
    assert (listed(q="zoe"), listed(q="ZOË adebayo"), listed(q="zoe lima")) == (["Zoë Adebayo 002"],) * 2 + ([],)
    assert listed(q="ana 000") == ["Ana Lima 000"]
    assert listed(q="person5@example") == [registrants[5].name]
    assert listed(presence="present") == ["Ana Lima 000", registrants[3].name]
    assert len(listed(presence="absent")) == 10
    assert listed(q="sanctuary fam", presence="absent") == [registrants[4].name]
    # Alphabetical, accents folded: Émilie between Chiara and Ingrid.
    everyone = listed()
    assert everyone == sorted(everyone, key=lambda name: name.translate(str.maketrans("ÉéÖöüëá", "EeOouea")).lower())


def test_the_check_in_page_shows_arrival_in_the_event_time_zone(client, door_event, door_users, make_registrants):
    import datetime as dt

    registration = make_registrants(1)[0]
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=dt.datetime(2018, 3, 14, 22, 5, tzinfo=dt.UTC))
    client.force_login(door_users["editor"])
    assert "arrived at 6:05 p.m." in check_in_page(client, door_event)


def test_the_check_in_page_costs_the_same_queries_for_ten_or_a_hundred(client, door_event, door_users,
                                                                       make_registrants, django_assert_num_queries):  # fmt: skip
    client.force_login(door_users["editor"])
    url = reverse("door:check_in", args=[door_event.slug])
    make_registrants(10)
    client.get(url)  # warm the session and content types
    with django_assert_num_queries(8) as ten:
        client.get(url)
    Registration.objects.filter(event=door_event).delete()
    make_registrants(100)
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert (page.count('class="mark"'), len(ten.captured_queries)) == (100, 8)


# --- From the admin ------------------------------------------------------------------------------------------------


def test_the_admin_registrations_list_filters_by_presence_and_links_the_door(client, door_event, door_users,
                                                                             make_registrants):  # fmt: skip
    registrants = make_registrants(4)
    services.registration_check_in(registration=registrants[1], user=door_users["editor"])
    url = reverse("admin:events_registration_changelist")
    check_in = reverse("door:check_in", args=[door_event.slug])

    def listed(user, **params) -> tuple[list[str], bool]:
        client.force_login(user)
        content = client.get(url, {"event__id__exact": door_event.pk, **params}).content.decode()
        names = [r.name for r in registrants if f">{r.name}<" in content]
        return names, f'href="{check_in}"' in content

    assert listed(door_users["editor"], checked_in_at__isempty="0") == ([registrants[1].name], True)
    assert listed(door_users["editor"], checked_in_at__isempty="1") == ([registrants[i].name for i in (0, 2, 3)], True)
    assert listed(door_users["editor"], q=registrants[2].email) == ([registrants[2].name], True)
    assert listed(door_users["stranger"]) == ([], False)


def test_the_event_admin_page_links_to_the_door(client, door_event, door_users):
    client.force_login(door_users["editor"])
    content = client.get(reverse("admin:events_event_change", args=[door_event.pk])).content.decode()
    assert f'href="{reverse("door:check_in", args=[door_event.slug])}"' in content


# --- On a phone at the door -------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_check_in_on_a_phone(site, browser):
    """At 390 px: no sideways scrolling, a search, one tap per arrival, the count follows; axe finds nothing serious."""
    from axe_playwright_python.sync_playwright import Axe
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from events.models import Event

    event = Event.objects.get(slug=DOOR_EVENT)
    for i, name in enumerate(["Zoë Adebayo", "Ana Lima", "Li Wei"]):
        Registration.objects.create(event=event, name=name, email=f"p{i}@example.org", consent=True)
    staff = Client()
    staff.force_login(User.objects.create_superuser("door-phone", email=None, password=None))
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": staff.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": site}])  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(site + reverse("door:check_in", args=[DOOR_EVENT]))
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    page.get_by_role("searchbox").fill("zoe")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/check-in/?q=zoe")
    button = page.get_by_role("button", name="Mark Zoë Adebayo present")
    # The next arrival is someone else: after the tap the whole list is back, with a confirmation.
    height = button.bounding_box()["height"]
    with page.expect_navigation():
        button.tap()
    count = page.locator("#check-in-count").inner_text()
    confirmed = page.get_by_text("Zoë Adebayo is marked present.").is_visible()
    listed = page.locator(".registrants .name").count()
    context.close()
    assert (widths[0] <= widths[1], serious, height >= 44, errors) == (True, [], True, [])
    assert (count, confirmed, listed) == ("1 present of 3 registered", True, 3)
    assert list(Registration.objects.filter(checked_in_at__isnull=False).values_list("name", flat=True)) == [
        "Zoë Adebayo"
    ]
