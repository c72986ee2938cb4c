"""A visitor in a real Chromium (Debian's), driven by Playwright; accessibility checked with axe-core."""

import datetime as dt
import os
import shutil

import pytest
from django.core.management import call_command

from events.models import Event, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MAIN_PAGES = [
    "/",
    "/events/combating-online-sex-trafficking-2018/",
    "/events/alliance-19-2019/",
    "/events/combating-online-sex-trafficking-2018/proceedings/",
    "/speakers/",
    "/speakers/valiant-richey/",
    "/search/?q=trafficking",
    "/publications/global-report-2019-cyberprocuring/",
    "/fr/events/alliance-2019-ict-identification/",
]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed: CI must run the browser tests (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    # Playwright's sync API runs an event loop in this thread; the ORM calls below are ordinary blocking calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_fixtures", verbosity=0)  # transactional tests start from an empty database
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The Content Security Policy reports what it blocks on the console: any report is a page bug.
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert errors == []


def test_visitor_walks_from_home_to_a_kit_download(site, page):
    from events.documents.tasks import render_event_documents

    render_event_documents.call("combating-online-sex-trafficking-2018")  # the render worker's job, done first
    page.goto(site + "/")
    page.get_by_role("link", name="19th Alliance against Trafficking in Persons").click()
    page.get_by_role(
        "link", name="ICT Tools to Improve Proactive Identification of Victims of Trafficking in Human Beings"
    ).first.click()
    assert "Room 531, 5th floor" in page.content()
    page.get_by_role("link", name="Melanie Thompson").first.click()
    assert page.get_by_text("survivor leader, United States").count() >= 1
    page.get_by_role("link", name="Combating Online Sex Trafficking").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Participant kit (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == "combating-online-sex-trafficking-2018-kit-2018.pdf"


def test_visitor_registers_for_an_upcoming_event(site, page):
    Event.objects.filter(slug="alliance-19-2019").update(
        start_date=dt.date.today() + dt.timedelta(days=30), end_date=dt.date.today() + dt.timedelta(days=31),
        registration_open=True, capacity=100,
    )  # fmt: skip
    page.goto(site + "/events/alliance-19-2019/")
    page.get_by_role("link", name="Register").click()
    page.get_by_role("textbox", name="Name").fill("Ana Lima")
    page.get_by_role("textbox", name="Email").fill("ana@example.org")
    page.get_by_role("textbox", name="Organisation").fill("An NGO")
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register").click()
    assert page.get_by_role("heading", name="Thank you, you are registered").is_visible()
    assert list(Registration.objects.values_list("email", flat=True)) == ["ana@example.org"]


def test_visitor_switches_to_french(site, page):
    page.goto(site + "/events/combating-online-sex-trafficking-2018/")
    page.get_by_role("link", name="FR Français").click()  # a link to the same page in French, not a form
    page.wait_for_url("**/fr/events/combating-online-sex-trafficking-2018/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Orateurs").is_visible()


def test_no_serious_accessibility_violation_on_the_main_pages(site, page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in MAIN_PAGES:
        page.goto(site + path)
        results = axe.run(page)
        serious = [
            (v["id"], len(v["nodes"])) for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    assert found == {}


XSS_PAGES = [
    "/",
    "/events/combating-online-sex-trafficking-2018/",
    "/events/combating-online-sex-trafficking-2018/proceedings/",
    "/events/combating-online-sex-trafficking-2018/remarks/ambassador-sunesson-remarks/",
    "/speakers/valiant-richey/",
    "/speakers/",
    "/organisations/scelles-foundation/",
    "/search/?q=script",
    "/publications/global-report-2019-cyberprocuring/",
]


def store_payloads_everywhere() -> int:
    """Put a payload in every text field of the 2018 event's rows and of the people and organisations in it."""
    from django.db import models

    from events.models import Event, KitSection, Organisation, Proceedings, Publication, Remark, Statistic, Tool
    from events.tests.xss_corpus import PAYLOADS
    from speakers.models import Participation, Person

    event = Event.objects.get(slug="combating-online-sex-trafficking-2018")
    rows = [event, *Remark.objects.filter(event=event), *KitSection.objects.filter(event=event)]
    rows += [*Statistic.objects.filter(section__event=event)[:10], *Tool.objects.filter(section__event=event)[:5]]
    rows += [*Participation.objects.filter(event=event), *Person.objects.filter(participations__event=event)]
    rows += [*Organisation.objects.filter(event_roles__event=event), Proceedings.objects.get(event=event)]
    rows += list(Publication.objects.all())
    count = 0
    for row in rows:
        for field in row._meta.concrete_fields:
            if type(field) in (models.CharField, models.TextField) or field.get_internal_type() == "TextField":
                if field.choices or field.name in ("slug", "timezone", "language") or field.primary_key:
                    continue
                payload = PAYLOADS[count % len(PAYLOADS)][: field.max_length or None]
                setattr(row, field.name, payload)
                count += 1
        type(row).objects.filter(pk=row.pk).update(
            **{f.name: getattr(row, f.name) for f in row._meta.concrete_fields if not f.primary_key}
        )
    return count


def test_xss_corpus_is_inert_in_pages_and_pdfs(site, page):
    """Every stored payload renders as text: no dialog opens, no script or handler reaches the DOM."""
    from events.documents.tasks import render_event_documents

    assert store_payloads_everywhere() >= 35
    render_event_documents.call("combating-online-sex-trafficking-2018")  # the render worker's job, done first
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    injected = {}
    for path in XSS_PAGES:
        page.goto(site + path)
        page.mouse.move(200, 200)
        found = page.evaluate(
            """() => {
                const scripts = [...document.querySelectorAll('script')].filter(
                    s => s.type !== 'application/ld+json').length;
                const handlers = [...document.querySelectorAll('*')].filter(
                    el => [...el.attributes].some(a => a.name.startsWith('on'))).length;
                const jsLinks = [...document.querySelectorAll('[href],[src],[action],[data]')].filter(el =>
                    ['href', 'src', 'action', 'data'].some(a => (el.getAttribute(a) || '').trim().toLowerCase()
                        .replace(/[\\s\\x00-\\x1f]/g, '').startsWith('javascript:'))).length;
                return {scripts, handlers, jsLinks};
            }"""
        )
        if any(found.values()):
            injected[path] = found
    assert (dialogs, injected) == ([], {})
    # The kit too: no image fetched, no JavaScript or link action carrying a payload.
    with page.expect_download() as download:
        page.goto(site + "/events/combating-online-sex-trafficking-2018/")
        page.get_by_role("link", name="Participant kit (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF-")
    assert (b"/JavaScript" in data, b"/JS " in data, b"javascript:" in data.lower(), b"/Image" in data) == (
        False,
        False,
        False,
        False,
    )
