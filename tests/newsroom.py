"""Small invented news articles for the store, export, API and dashboard tests.

REPORTS holds several events each told by more than one outlet (so that clustering has
something to merge); wire_articles() makes many distinct short dispatches for the
kill-and-resume test.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import uvicorn

from tidings.model import Article

REPORTS: list[dict] = [
    {"id": "menaka-1", "outlet": "Sahel Monitor", "date": "2024-05-15",
     "url": "https://sahel-monitor.example/menaka-clash",
     "title": "Clashes near Menaka",
     "text": "Malian soldiers clashed with jihadist fighters near Menaka on Tuesday, "
             "the army said."},
    {"id": "menaka-2", "outlet": "Bamako Daily", "date": "2024-05-15",
     "url": "https://bamako-daily.example/2024/05/15/menaka",
     "text": "Jihadist fighters attacked Malian troops outside Menaka on Tuesday, killing "
             "four soldiers, a local official said."},
    {"id": "menaka-3", "outlet": "Wire One", "date": "2024-05-14",
     "url": "https://wire-one.example/a/77",
     "text": "Malian troops fought jihadist fighters near Menaka on Tuesday, residents said."},
    {"id": "kharkiv-1", "outlet": "Eastern Herald", "date": "2024-05-13",
     "url": "https://eastern-herald.example/kharkiv",
     "text": "Russian forces shelled Kharkiv on Sunday, Ukrainian officials said."},
    {"id": "kharkiv-2", "outlet": "Wire One", "date": "2024-05-12",
     "url": "https://wire-one.example/a/78",
     "text": "Russia shelled the city of Kharkiv on Sunday, Ukraine's military said."},
    {"id": "nairobi-1", "outlet": "Lakeside Post", "date": "2024-05-14",
     "url": "https://lakeside-post.example/nairobi-protest",
     "text": "Thousands of students protested in Nairobi on Monday against a new tax law."},
    {"id": "dakar-1", "outlet": "Atlantic Times", "date": "2024-05-11",
     "url": "https://atlantic-times.example/dakar",
     "text": "Police arrested 20 protesters in Dakar on Friday."},
    {"id": "niamey-1", "outlet": "Sahel Monitor", "date": "2024-05-10",
     "url": "https://sahel-monitor.example/niamey-talks",
     "text": "The foreign ministers of Niger and Mali met in Niamey on Thursday to discuss "
             "border security."},
    {"id": "fasher-1", "outlet": "Nile Courier", "date": "2024-05-16",
     "url": "https://nile-courier.example/fasher",
     "text": "Sudanese paramilitary forces attacked the town of El Fasher on Wednesday, "
             "residents said. The army did not attack the camp at Zamzam, officials said."},
]


def report_articles() -> list[Article]:
    return [Article(text=r["text"], id=r["id"], title=r.get("title"),
                    date=date.fromisoformat(r["date"]), url=r["url"], outlet=r["outlet"])
            for r in REPORTS]


def off_timeline_articles() -> list[Article]:
    """One article whose event cannot be dated (no date in the text, no publication date)
    and one recalling an event twelve years before its report."""
    return [Article(text="Rebels attacked the town of Gao, residents said.", id="gao-undated",
                    outlet="Wire One"),
            Article(text="In 2012, Tuareg rebels seized Timbuktu from the Malian army, "
                         "residents recalled.", id="timbuktu-2012", date=date(2024, 5, 15),
                    outlet="Sahel Monitor")]


def cooperation_articles() -> list[Article]:
    """Two reports of cooperation: aid (material) and a meeting (verbal)."""
    return [Article(text="Russia sent military aid to Mali on Monday.", id="aid-1",
                    date=date(2024, 5, 15), outlet="Wire One"),
            Article(text="Mali's president met Russian military officials in Bamako on Monday.",
                    id="meeting-1", date=date(2024, 5, 15), outlet="Bamako Daily")]


def reciprocal_articles() -> list[Article]:
    """Parties acting together, reciprocal events in PLOVER (all actors, no recipient), and
    two allies acting against a third party, which is no event between the allies."""
    return [Article(text="Chad and Niger agreed on Tuesday to hold joint patrols along their "
                         "border.", id="pact-1", date=date(2024, 5, 16), outlet="Wire One"),
            Article(text="Malian and Nigerien troops attacked a militant camp near Menaka on "
                         "Wednesday.", id="joint-raid-1", date=date(2024, 5, 16),
                    outlet="Wire One")]


_TOWNS = ["Gao", "Timbuktu", "Mopti", "Kidal", "Niamey", "Agadez", "Tahoua", "Ouagadougou",
          "Djibo", "Dori"]
_SIDES = [("Malian troops", "jihadist fighters"), ("Nigerien soldiers", "armed bandits"),
          ("Burkinabe forces", "militants"), ("the army", "insurgents")]


def ingest_reports(pipeline, path: Path, batch_size: int = 4) -> Path:
    """A DuckDB file holding the invented reports, ingested in batches of ``batch_size``."""
    from tidings.store import Store

    with Store(path) as store:
        store.ingest(pipeline, report_articles(), batch_size=batch_size)
    return path


def wire_articles(n: int = 40) -> list[dict]:
    """n distinct dispatches (JSONL records), each a few sentences long."""
    records = []
    for i in range(n):
        town = _TOWNS[i % len(_TOWNS)]
        actor, target = _SIDES[i % len(_SIDES)]
        day = date(2024, 3, 1) + timedelta(days=i)
        text = (f"{actor.capitalize()} clashed with {target} near {town} on "
                f"{day:%A}, killing {i + 2} people, officials said. "
                f"Residents of {town} said the fighting lasted several hours. "
                f"The government condemned the attack and promised an inquiry, "
                f"dispatch number {i}. Aid agencies said hundreds of families had fled.")
        records.append({"id": f"wire-{i:03d}", "text": text, "date": day.isoformat(),
                        "outlet": f"Wire {i % 3}", "url": f"https://wire.example/{i}"})
    return records


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@contextmanager
def running(app) -> Iterator[str]:
    """A real uvicorn server for ``app`` on a free localhost port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
