"""Article ids: the same report is one article; the same words from two outlets are two."""

from __future__ import annotations

import json

import newsweave as nw

LEAD = "The museum will lend two paintings to a gallery abroad for a summer exhibition."


def test_same_report_twice_in_one_batch_is_kept_once(write):
    path = write("loan.txt", LEAD)

    result = nw.read([path, path])

    assert len(result.articles) == 1
    assert result.skipped == (nw.Skipped(str(path), f"same report as {path}"),)


def test_same_report_in_two_files_names_the_first(write):
    first = write("a/loan.txt", LEAD + "\n")
    second = write("b/loan-copy.txt", "\n" + LEAD + "\r\n")

    result = nw.read([first, second])

    assert len(result.articles) == 1
    (skipped,) = result.skipped
    assert skipped.source == str(second)
    assert skipped.reason == f"same report as {first}"


def test_ids_are_stable_across_reads(write):
    path = write("loan.md", f"---\ntitle: Loan\noutlet: Art Weekly\n---\n{LEAD}\n")

    first = nw.read([path]).articles[0]
    again = nw.read([path]).articles[0]

    assert first.id == again.id
    assert first == again


def test_ids_are_stable_across_input_kinds():
    from_text = nw.read_texts([LEAD]).articles[0]
    from_record = nw.read_records([{"text": LEAD}]).articles[0]

    assert from_text.id == from_record.id


def test_same_text_from_two_outlets_is_two_articles():
    result = nw.read_records(
        [
            {"text": LEAD, "outlet": "Art Weekly"},
            {"text": LEAD, "outlet": "Gallery News"},
        ]
    )

    assert result.skipped == ()
    weekly, news = result.articles
    assert weekly.id != news.id
    assert (weekly.outlet, news.outlet) == ("Art Weekly", "Gallery News")


def test_same_jsonl_line_twice_names_the_line(write):
    line = json.dumps({"text": LEAD, "outlet": "Art Weekly"}) + "\n"
    path = write("loans.jsonl", line + line)

    result = nw.read([path])

    assert len(result.articles) == 1
    assert result.skipped == (nw.Skipped(f"{path}:2", f"same report as {path}:1"),)
