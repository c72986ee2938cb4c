"""Public page bench: median server time of the home, event and speaker pages.

    .venv/bin/python bench/pages.py [--repeats 30] [--events 1000 --speakers 10000]

Pages are requested through Django's test client (the full middleware and template stack, no network), first
with the fixtures, then with a generated database of --events events and --speakers speakers. Each figure is
compared with a trivial view served the same way.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def median_ms(client, path: str, repeats: int) -> float:
    client.get(path)  # warm template caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times) * 1000


def generate(events: int, speakers: int) -> None:
    from django.db import transaction

    from events.models import Event, EventOrganisation, Organisation
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--speakers", type=int, default=10000)
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

    pages = {
        "home": "/",
        "event (2018 colloquium)": "/events/combating-online-sex-trafficking-2018/",
        "speaker (Valiant Richey)": "/speakers/valiant-richey/",
    }
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["testserver"]):
        client = Client()
        for label in ("fixtures", f"{args.events} events, {args.speakers} speakers"):
            if label != "fixtures":
                generate(args.events, args.speakers)
                pages["event (generated, 10 speakers)"] = "/events/bench-event-7/"
                pages["speaker (generated)"] = "/speakers/bench-person-7/"
            trivial = median_ms(client, "/trivial/", args.repeats)
            print(f"{label}: trivial view {trivial:.2f} ms (median of {args.repeats})")
            for name, url in pages.items():
                ms = median_ms(client, url, args.repeats)
                print(f"  {name:32s} {ms:7.2f} ms   {ms / trivial:6.1f}x trivial")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    main()
