"""The Solr query syntax of ``package_search``'s ``q`` and ``fq``, as much of it as CKAN clients
send. Harvesters (ckanext-harvest's CKAN harvester) page with terms such as::

    organization:dinkes OR organization:dispendik -groups:kesehatan metadata_modified:[2026-08-01T10:00:00Z TO *]

which they mean as "(dinkes or dispendik) and not kesehatan and modified since". So ``OR`` binds
adjacent terms more tightly than the implicit ``AND`` between terms (unlike Lucene's own
precedence, which would read that as ``dinkes OR (dispendik AND …)``); an explicit ``AND`` is the
same as a space. Also understood: ``+``/``-``/``NOT`` before a term, parentheses,
``field:(a OR b)``, ``"quoted values"``, backslash escapes, ranges ``[X TO Y]`` (``{`` ``}`` for
exclusive ends, ``*`` for open ones) and bare words (full-text search).

This module only parses; which fields exist and what they mean is decided where the query runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LENGTH = 2000
MAX_DEPTH = 10


class QuerySyntaxError(ValueError):
    """The message is Indonesian and says where the query went wrong."""


@dataclass(frozen=True)
class Match:
    field: str
    value: str  # "*" matches any value


@dataclass(frozen=True)
class Range:
    field: str
    low: str | None  # None: open
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class Text:
    words: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Match | Range | Text | Not | And | Or


@dataclass(frozen=True)
class _Token:
    kind: str  # FIELD WORD PHRASE RANGE ( ) OR AND NOT + -
    text: str = ""
    low: str | None = None
    high: str | None = None
    include_low: bool = True
    include_high: bool = True


_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*:")
_RANGE = re.compile(r"([\[{])\s*(\S+)\s+TO\s+(\S+?)\s*([\]}])")
_STOP = set(" \t\r\n()")


def _tokens(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(query):
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()" or (ch in "+-" and i + 1 < len(query) and not query[i + 1].isspace()):
            # A parenthesis, or + and - right before a term (inside a word they are the word's).
            tokens.append(_Token(ch))
            i += 1
        elif ch == '"':
            text, i = _phrase(query, i)
            tokens.append(_Token("PHRASE", text))
        elif ch in "[{":
            match = _RANGE.match(query, i)
            if match is None:
                raise QuerySyntaxError(f"Rentang tidak lengkap di posisi {i + 1}: tulis [X TO Y].")
            tokens.append(_Token("RANGE", low=_bound(match[2]), high=_bound(match[3]),
                                 include_low=match[1] == "[", include_high=match[4] == "]"))  # fmt: skip
            i = match.end()
        elif field := _FIELD.match(query, i):
            tokens.append(_Token("FIELD", field[0][:-1]))
            i = field.end()
        else:
            word, i = _word(query, i)
            kind = word if word in ("OR", "AND", "NOT") else "WORD"
            tokens.append(_Token(kind, word))
    return tokens


def _phrase(query: str, start: int) -> tuple[str, int]:
    out: list[str] = []
    i = start + 1
    while i < len(query):
        ch = query[i]
        if ch == "\\" and i + 1 < len(query):
            out.append(query[i + 1])
            i += 2
        elif ch == '"':
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1
    raise QuerySyntaxError(f"Tanda petik di posisi {start + 1} tidak ditutup.")


def _word(query: str, start: int) -> tuple[str, int]:
    out: list[str] = []
    i = start
    while i < len(query) and query[i] not in _STOP:
        if query[i] == "\\" and i + 1 < len(query):
            out.append(query[i + 1])
            i += 2
        else:
            out.append(query[i])
            i += 1
    return "".join(out), i


def _bound(text: str) -> str | None:
    text = text.strip('"')
    return None if text == "*" else text


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise QuerySyntaxError("Kueri berakhir terlalu cepat.")
        self.pos += 1
        return token

    def conjunction(self, field: str | None, closing: bool) -> Node:
        """Terms up to the end (or a closing parenthesis): OR-groups joined by AND."""
        groups: list[Node] = []
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "AND":
                self.take()
                continue
            groups.append(self.disjunction(field))
        if closing:
            if self.peek() is None:
                raise QuerySyntaxError("Kurung buka tanpa kurung tutup.")
            self.take()
        elif self.peek() is not None:
            raise QuerySyntaxError("Kurung tutup tanpa kurung buka.")
        return _merge_text(groups)

    def disjunction(self, field: str | None) -> Node:
        nodes = [self.unary(field)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            nodes.append(self.unary(field))
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def unary(self, field: str | None) -> Node:
        token = self.take()
        if token.kind in ("NOT", "-"):
            return Not(self.unary(field))
        if token.kind == "+":
            return self.unary(field)
        if token.kind == "FIELD":
            if field is not None:
                raise QuerySyntaxError(f"Field {token.text!r} di dalam nilai field {field!r}.")
            return self.value(token.text)
        return self.operand(token, field)

    def value(self, field: str) -> Node:
        token = self.take()
        if token.kind in ("FIELD", ")", "OR", "AND", "+", "-"):
            raise QuerySyntaxError(f"Nilai untuk field {field!r} tidak ada.")
        return self.operand(token, field)

    def operand(self, token: _Token, field: str | None) -> Node:
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QuerySyntaxError("Kurung bersarang terlalu dalam.")
            node = self.conjunction(field, closing=True)
            self.depth -= 1
            return node
        if token.kind == "RANGE":
            if field is None:
                raise QuerySyntaxError("Rentang [X TO Y] harus didahului nama field, mis. metadata_modified:[X TO *].")
            return Range(field, token.low, token.high, token.include_low, token.include_high)
        if token.kind in ("WORD", "PHRASE", "NOT", "OR", "AND"):
            if field is None:
                return Text(token.text)
            return Match(field, token.text)
        raise QuerySyntaxError(f"Tidak terduga: {token.kind!r}.")


def _merge_text(groups: list[Node]) -> Node:
    """Adjacent bare words are one full-text search ("jumlah penduduk"), as the catalogue's search
    box matches all words of a query together."""
    merged: list[Node] = []
    for node in groups:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(f"{merged[-1].words} {node.words}")
        else:
            merged.append(node)
    return merged[0] if len(merged) == 1 else And(tuple(merged))


def parse(query: str) -> Node:
    """The query as a tree; an empty query (or ``*:*``) is ``And(())``, which matches everything."""
    query = query.strip()
    if len(query) > MAX_LENGTH:
        raise QuerySyntaxError(f"Kueri lebih dari {MAX_LENGTH} karakter.")
    if query in ("", "*:*", "*"):
        return And(())
    return _Parser(_tokens(query)).conjunction(None, closing=False)
