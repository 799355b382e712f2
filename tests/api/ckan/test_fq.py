"""The q/fq parser alone: what the terms harvesters send mean."""

from __future__ import annotations

import pytest

from satudata.api.ckan.fq import And, Match, Not, Or, QuerySyntaxError, Range, Text, parse


def test_or_binds_adjacent_terms_and_a_space_joins_the_rest() -> None:
    assert parse("organization:a OR organization:b -groups:g metadata_modified:[2026-08-01T10:00:00Z TO *]") == And((
        Or((Match("organization", "a"), Match("organization", "b"))),
        Not(Match("groups", "g")),
        Range("metadata_modified", "2026-08-01T10:00:00Z", None),
    ))  # fmt: skip
    assert parse("a:1 AND b:2") == parse("a:1 b:2") == And((Match("a", "1"), Match("b", "2")))


def test_everything() -> None:
    assert parse("") == parse("*:*") == parse("  ") == And(())


def test_prefixes_values_and_groups() -> None:
    assert parse("+tags:x NOT tags:y") == And((Match("tags", "x"), Not(Match("tags", "y"))))
    assert parse('name:"dua kata" tags:kabupaten\\/kota') == And((Match("name", "dua kata"),
                                                                    Match("tags", "kabupaten/kota")))  # fmt: skip
    assert parse("organization:(a OR b)") == Or((Match("organization", "a"), Match("organization", "b")))
    assert parse("(tags:a OR tags:b) -(organization:c)") == And((
        Or((Match("tags", "a"), Match("tags", "b"))), Not(Match("organization", "c"))
    ))  # fmt: skip
    assert parse("metadata_created:{* TO 2026-01-01]") == Range("metadata_created", None, "2026-01-01", False, True)


def test_bare_words_are_one_text_search() -> None:
    assert parse("jumlah penduduk") == Text("jumlah penduduk")
    assert parse("jumlah penduduk organization:dinkes") == And(
        (Text("jumlah penduduk"), Match("organization", "dinkes"))
    )
    assert parse("2024-2025 -kota") == And((Text("2024-2025"), Not(Text("kota"))))


@pytest.mark.parametrize("query", ["(a:b", "a:b)", '"open', "a:", "a:[1 TO", "[1 TO 2]", "a:(b:c)", "x" * 2001])
def test_malformed_queries(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse(query)
