"""The Guide page: every topic, one topic, one entry's guidance, each with its citations."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from painlog.render.guide_brief import DISCLAIMER
from tests.conftest import CliRun, dump
from tests.web_helpers import error_beside


def _text(page: str) -> str:
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def test_every_topic_is_listed_with_a_link(web: TestClient, cli: CliRun) -> None:
    page = web.get("/guide")
    assert page.status_code == 200
    index = json.loads(cli("guide", "--json").output)
    text = _text(page.text)
    for kind, topics in index["topics"].items():
        for topic in topics:
            assert f'href="/guide/topic/{topic["key"]}"' in page.text, (kind, topic["key"])
            assert topic["summary"] in text
    for source in index["sources"]:
        assert source["title"] in text
    assert DISCLAIMER in text


def test_one_topic_has_every_statement_with_its_citation(web: TestClient, cli: CliRun) -> None:
    topic = json.loads(cli("guide", "spasticity", "--json").output)
    page = web.get("/guide/topic/spasticity")
    assert page.status_code == 200
    text = _text(page.text)
    for statement in topic["statements"]:
        cited = (
            "[painlog's note, not from the articles]"
            if statement["own"]
            else f"[{', '.join(statement['sources'])} · {statement['part']}]"
        )
        assert f"{statement['text']} {cited}" in text
    assert DISCLAIMER in text
    # A topic is found as forgivingly as the CLI finds one: the box sends it to its page.
    found = web.get("/guide?topic=Neck+Shock", follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == "/guide/topic/lhermitte"


def test_the_guidance_for_one_entry(web: TestClient, cli: CliRun, db_path: Path) -> None:
    logged = cli(
        "log", "--pain", "7", "--type", "spasticity", "--where", "lower-back", "--trigger", "heat",
        "--remedy", "baclofen:10 mg", "--at", "2026-11-24 21:00", "--quiet",
    )  # fmt: skip
    assert logged.exit_code == 0, logged.output
    wanted = json.loads(cli("guide", "--entry", "1", "--json").output)
    sent = web.get("/guide?entry=1", follow_redirects=False)
    assert sent.headers["location"] == "/guide/entry/1"
    page = web.get("/guide/entry/1")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Guidance for entry 1" in text
    assert "Pain type: Spasticity" in text and "Trigger: Extreme heat" in text
    assert "Tried: Baclofen" in text
    assert "In your diary: in 1 of your 1 entry in the last 90 days" in text
    for item in wanted["to_discuss"]["for_pain_type"]:
        assert item["label"] in text
    for tension in wanted["tensions"]:
        assert tension["summary"] in text
    assert DISCLAIMER in text


BAD = [
    ("/guide?topic=nonsense", 400, "topic", 'No guidance topic "nonsense"'),
    ("/guide/topic/nonsense", 404, "topic", 'No guidance topic "nonsense"'),
    ("/guide?entry=twelve", 400, "entry", 'not "twelve"'),
    ("/guide?entry=0", 400, "entry", 'not "0"'),
]


@pytest.mark.parametrize(("path", "status", "field", "sentence"), BAD)
def test_a_bad_topic_or_entry_says_why(
    web: TestClient, db_path: Path, path: str, status: int, field: str, sentence: str
) -> None:
    before = dump(db_path) if db_path.exists() else None
    page = web.get(path)
    assert page.status_code == status
    assert sentence in error_beside(page.text, field)
    assert (dump(db_path) if db_path.exists() else None) == before


def test_an_entry_that_is_not_there(web: TestClient) -> None:
    page = web.get("/guide/entry/42")
    assert page.status_code == 404
    assert "42" in _text(page.text) and "Traceback" not in page.text
