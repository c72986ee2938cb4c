"""Public page bench: cold and warm server time of pages and feeds, against a trivial view, in one table.

    .venv/bin/python bench/pages.py [--repeats 30] [--cold-repeats 10] [--events 1000 --speakers 10000]
        [--without-page-cache]

Pages are requested through Django's test client (the full middleware and template stack, no network), first
with the fixtures, then with a generated database of --events events and --speakers speakers added to them.

- cold: the first request after a change to the content (the data version is bumped before each timed request,
  so the page cache, eventsite.infra.pagecache, has nothing for it and the page is rendered);
- warm: the same request again, as every visitor after the first one gets it (served from the page cache);
- trivial: a view answering "ok", served the same way; the target is warm <= 2x trivial.

The queries column counts the warm request's database queries (reading the data version).
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

EVENT = "combating-online-sex-trafficking-2018"
CONFERENCE = "alliance-19-2019"  # the conference whose programme lists its side events


def timed_ms(client, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed * 1000


def warm_ms(client, path: str, repeats: int) -> float:
    client.get(path)  # fills the page cache (and Django's template cache)
    return statistics.median(timed_ms(client, path) for _ in range(repeats))


def cold_ms(client, path: str, repeats: int) -> float:
    from events.models import DataVersion

    times = []
    for _ in range(repeats):
        DataVersion.bump()  # as any saved change does: what was cached is for an older version
        times.append(timed_ms(client, path))
    return statistics.median(times)


def warm_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def generate(events: int, speakers: int) -> None:
    from django.db import transaction

    from events.models import DataVersion, Event, EventOrganisation, Organisation
    from speakers.models import Participation, Person

    with transaction.atomic():
        organisation = Organisation.objects.create(slug="bench-org", name="Bench Organisation")
        start = dt.date(2000, 1, 1)
        new_events = Event.objects.bulk_create(
            Event(
                slug=f"bench-event-{i}", title=f"Bench event {i}", status=Event.Status.PUBLISHED, timezone="Europe/Paris",
                start_date=start + dt.timedelta(days=i * 7), end_date=start + dt.timedelta(days=i * 7),
            )
            for i in range(events)
        )  # fmt: skip
        EventOrganisation.objects.bulk_create(EventOrganisation(event=e, organisation=organisation) for e in new_events)
        people = Person.objects.bulk_create(
            Person(slug=f"bench-person-{i}", name=f"Person {i:05d}") for i in range(speakers)
        )
        Participation.objects.bulk_create(
            Participation(person=p, event=new_events[i % events], role="speaker", position=f"Position {i}", order=i)
            for i, p in enumerate(people)
        )
        DataVersion.bump()  # bulk_create sends no signals: say the content changed, as a real save would


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30, help="warm requests per page (median)")
    parser.add_argument("--cold-repeats", type=int, default=10, help="cold requests per page (median)")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--speakers", type=int, default=10000)
    parser.add_argument(
        "--without-page-cache", action="store_true", help="leave out the page cache (every request renders)"
    )
    args = parser.parse_args()

    from _django import setup

    setup()
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import path

    import eventsite.urls

    urlpatterns = [path("trivial/", lambda request: HttpResponse("ok")), *eventsite.urls.urlpatterns]
    module = type(sys)("bench_urls")
    module.urlpatterns = urlpatterns
    sys.modules["bench_urls"] = module

    fixtures = {
        "home": "/",
        "event (2018 colloquium)": f"/events/{EVENT}/",
        "programme (2019 conference)": f"/events/{CONFERENCE}/",
        "speaker (Valiant Richey)": "/speakers/valiant-richey/",
        "search (q=trafficking)": "/search/?q=trafficking",
        "iCal (2018 colloquium)": f"/events/{EVENT}/calendar.ics",
        "schedule.json (2018)": f"/events/{EVENT}/schedule.json",
        "iCal (all events)": "/events.ics",
        "API events list": "/api/v1/events",
    }
    generated = {
        **fixtures,
        "event (generated, 10 speakers)": "/events/bench-event-7/",
        "speaker (generated)": "/speakers/bench-person-7/",
        "search (generated, q=bench)": "/search/?q=bench",
        "iCal (generated)": "/events/bench-event-7/calendar.ics",
        "schedule.json (generated)": "/events/bench-event-7/schedule.json",
    }
    datasets = {"fixtures": fixtures, f"{args.events} events, {args.speakers} speakers": generated}
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    trivial: dict[str, float] = {}
    from django.conf import settings

    middleware = [m for m in settings.MIDDLEWARE if not (args.without_page_cache and m.endswith("PageCacheMiddleware"))]
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"], MIDDLEWARE=middleware):
        client = Client()
        for label, pages in datasets.items():
            if label != "fixtures":
                generate(args.events, args.speakers)
            trivial[label] = warm_ms(client, "/trivial/", args.repeats * 3)
            results[label] = {}
            for name, url in pages.items():
                cold = cold_ms(client, url, args.cold_repeats)
                warm = warm_ms(client, url, args.repeats)
                results[label][name] = (cold, warm, warm_queries(client, url))
                print(f"  measured {label}: {name}", file=sys.stderr)

    labels = list(datasets)
    cache = "without the page cache" if args.without_page_cache else "with the page cache"
    print(
        f"Server time in ms, median (cold: {args.cold_repeats} requests after a change; warm: {args.repeats}), {cache}."
    )
    print(" | ".join(f"{label}: trivial view {trivial[label]:.3f} ms" for label in labels))
    header = f"{'page':32s}" + "".join(f" | {'cold':>7s} {'warm':>7s} {'warm/triv':>9s} {'q':>2s}" for _ in labels)
    print(" " * 32 + "".join(f" | {label[:30]:^30s}" for label in labels))
    print(header)
    print("-" * len(header))
    for name in generated:
        cells = []
        for label in labels:
            if name in results[label]:
                cold, warm, queries = results[label][name]
                cells.append(f" | {cold:7.2f} {warm:7.3f} {warm / trivial[label]:8.1f}x {queries:2d}")
            else:
                cells.append(f" | {'':30s}")
        print(f"{name:32s}" + "".join(cells))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    main()
