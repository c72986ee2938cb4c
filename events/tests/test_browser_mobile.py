"""The public pages on a phone, in a real Chromium: nothing scrolls sideways at 320 and 390 px, every tap target is
at least 44 x 44 px, and the main menu folds behind a button (without script) until the screen is wide enough."""

import pytest

from events.tests.test_browser import browser, site  # noqa: F401 (fixtures: Chromium, live server with the data)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One page of every kind a visitor can reach, in both languages for some.
PAGES = [
    "/",
    "/years/2014/",
    "/events/combating-online-sex-trafficking-2018/",
    "/events/alliance-19-2019/",  # a conference and its programme of side events
    "/events/alliance-2019-ict-identification/",  # a side event
    "/events/digital-society-2014/",  # a colloquium with sessions
    "/events/combating-online-sex-trafficking-2018/proceedings/",
    "/events/combating-online-sex-trafficking-2018/remarks/ambassador-sunesson-remarks/",
    "/publications/global-report-2019-cyberprocuring/",
    "/speakers/",
    "/speakers/valiant-richey/",
    "/organisations/scelles-foundation/",
    "/search/",
    "/search/?q=trafficking",
    "/no-such-page/",
    "/fr/",
    "/fr/events/alliance-19-2019/",
    "/fr/speakers/valiant-richey/",
]
TAP = 44
# What a finger aims at: buttons, menu entries, form fields, pagination and lists of links (links inside running
# text keep their line's height, as WCAG allows).
TARGETS = (
    "a.btn, button, summary, .nav-link, .page-link, input:not([type=hidden]), select, textarea, "
    ".list-inline-item > a, .tap-list a"
)
SMALL_TARGETS = """([selector, tap]) => [...document.querySelectorAll(selector)]
    .filter(el => el.checkVisibility())
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.width < tap - 0.5 || box.height < tap - 0.5)
    .map(([el, box]) => `${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`)"""
WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .slice(-3).map(el => `${el.tagName}.${el.className}`)"""


@pytest.fixture
def phone(browser):  # noqa: F811
    """A page whose Content Security Policy reports and script errors fail the test."""
    contexts, errors = [], []

    def open_page(width: int):
        context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []


@pytest.mark.parametrize("width", [390, 320])
def test_no_public_page_scrolls_sideways_and_every_tap_target_is_large_enough(site, phone, width):  # noqa: F811
    page = phone(width)
    too_wide, too_small = {}, {}
    for path in PAGES:
        page.goto(site + path)
        for menu in ("closed", "open"):
            if menu == "open":
                page.locator(".site-menu > summary").click()
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width != width:
                too_wide[(path, menu)] = (scroll_width, page.evaluate(WIDEST))
            small = page.evaluate(SMALL_TARGETS, [TARGETS, TAP])
            if small:
                too_small[(path, menu)] = small
    assert (too_wide, too_small) == ({}, {})


def test_the_menu_folds_behind_a_button_on_a_phone_and_not_on_a_wide_screen(site, phone):  # noqa: F811
    page = phone(390)
    page.goto(site + "/events/alliance-19-2019/")
    speakers = page.get_by_role("link", name="Speakers", exact=True)
    french = page.get_by_role("link", name="FR Français")
    assert (speakers.is_visible(), french.is_visible()) == (False, False)
    page.locator("summary", has_text="Menu").click()
    assert (speakers.is_visible(), french.is_visible()) == (True, True)
    french.click()
    page.wait_for_url("**/fr/events/alliance-19-2019/")
    wide = phone(1024)
    wide.goto(site + "/events/alliance-19-2019/")
    assert (
        wide.locator(".site-menu > summary").is_visible(),
        wide.get_by_role("link", name="Speakers", exact=True).is_visible(),
        wide.get_by_role("link", name="FR Français").is_visible(),
    ) == (False, True, True)
