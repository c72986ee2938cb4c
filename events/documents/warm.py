"""Imported by the render fork server only (render.py), never by the site's own processes.

It renders one small document with our print stylesheet and fonts, in English and French, so that each forked
render inherits what a first render pays for (about 0.4 s on the 2018 kit): WeasyPrint's C type declarations
(parsed on first use), the hyphenation dictionaries (loaded when a line first needs a hyphen), the harfbuzz font
subsetter. Then it freezes the collector's view of these objects, so that the children never scan (or copy) them.
"""

import gc
import os
import traceback
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")

from events.documents.render import BASE_URL, Places, html_to_pdf  # after the settings module is named

PRINT_STATIC = Path(__file__).resolve().parents[2] / "static"
# Lines long enough to wrap in a narrow column, so that each language's dictionary is loaded for a hyphen.
PARAGRAPH = {
    "en": "Internationally coordinated responsibilities of telecommunications organisations, notwithstanding "
    "extraterritoriality, counterbalance unaccountability.",
    "fr": "Responsabilités internationalement coordonnées des organisations de télécommunications, "
    "nonobstant l'extraterritorialité, contrebalançant l'irresponsabilité.",
}
WARM_HTML = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Warm-up</title>
<link rel="stylesheet" href="{BASE_URL}static/pdf/print.css"></head><body>
<div class="doc-title">Warm-up</div>
<section class="part"><h1 id="a">Warm-up</h1><h2>Section</h2>
<p style="width: 40mm"><b>Bold</b> <i>italic</i> <a href="#a">link</a> {PARAGRAPH["en"]}</p>
<p lang="fr" style="width: 40mm">{PARAGRAPH["fr"]}</p>
<ul><li><span style="float: right">1</span>Item → ✓</li></ul>
<table><tr><th>Day</th><td>Time</td></tr></table></section></body></html>"""


def warm_up() -> None:
    static_files = {
        path.relative_to(PRINT_STATIC).as_posix(): str(path)
        for path in (PRINT_STATIC / "pdf").rglob("*")
        if path.is_file()
    }
    places = Places(static_url="/static/", media_url="/media/", media_root="", static_files=static_files)
    html_to_pdf(WARM_HTML, places=places)


try:
    warm_up()
except Exception:
    # The fork server survives only ImportError from a preload module: anything else would fail every render.
    traceback.print_exc()
gc.freeze()
