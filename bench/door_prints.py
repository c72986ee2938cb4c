"""Door prints bench: badges, name cards and the sign-in sheet of the 2018 event with N generated registrants.

    .venv/bin/python bench/door_prints.py [--registrants 200] [--runs 3]

Each figure is the median of --runs renders, as a staff download pays it: the HTML built here, the PDF rendered in
the bounded child process (a fresh interpreter: imports and fonts cold every time). "child peak RSS" is the largest
render child's resident memory. Door prints are tagged (PDF/UA); the untagged row shows what tagging costs.
"""

import argparse
import io
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SLUG = "combating-online-sex-trafficking-2018"
FIRST = ["Ana", "Émilie", "Zoë", "Li", "Oluwaseun", "Chiara", "Mateo", "Ingrid", "Yusuf", "Aarav", "Ngozi", "Søren"]
LAST = ["Lima", "Durand", "Brown", "Wei", "Adebayo-Okonkwo", "Bianchi", "Fernández de la Vega", "Kaya", "Shah"]


def registrants_make(event, count: int) -> None:
    from events.models import Registration

    Registration.objects.filter(event=event).delete()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}",
            email=f"bench{i}@example.org",
            organisation=["", "Sanctuary for Families", "Organisation internationale pour les migrations"][i % 3],
            consent=True,
        )
        for i in range(count)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrants", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from _django import setup

    setup()
    from pypdf import PdfReader

    from events.documents.render import render_bounded
    from events.models import Event
    from events.registration.door import door_html

    event = Event.objects.get(slug=SLUG)
    registrants_make(event, args.registrants)
    print(f"{args.registrants} registrants, 2018 event, median of {args.runs} runs")
    print(f"{'print':<18}{'pages':>6}{'html s':>9}{'render s':>10}{'total s':>9}{'KB':>8}")
    for label, kind, tagged in (
        ("badges 90x55", "badges", True),
        ("badges, untagged", "badges", False),
        ("name cards", "namecards", True),
        ("sign-in sheet", "signin", True),
    ):
        html_times, render_times, pdf = [], [], None
        for _run in range(args.runs):
            start = time.perf_counter()
            html = door_html(event=event, kind=kind)
            html_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            pdf = render_bounded(html, tagged=tagged)
            render_times.append(time.perf_counter() - start)
        pages = len(PdfReader(io.BytesIO(pdf.data)).pages)
        html_s, render_s = statistics.median(html_times), statistics.median(render_times)
        print(
            f"{label:<18}{pages:>6}{html_s:>9.3f}{render_s:>10.2f}{html_s + render_s:>9.2f}{len(pdf.data) / 1024:>8.0f}"
        )
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"child peak RSS: {child_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
