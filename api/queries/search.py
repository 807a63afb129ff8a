"""Full-text matching in the database's own engine: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.

The engines only match; the score is one SQL expression on both, so results rank alike on either database and
scores of different content types can be compared. (FTS5's bm25() weighs words by how rare they are in one
table: with a table per type, a vacancy about volunteering scored near zero for "volunteering" because both
vacancies say it, and ts_rank ranks differently again.)
"""

from dataclasses import dataclass

from sqlalchemy import CTE, Float, Integer, Select, Text, column, func, literal, literal_column, select, table, text
from sqlalchemy.sql import ColumnElement

from api import search
from api.extensions import db
from api.models.base import TranslationMixin

# BM25's term-frequency saturation and length normalisation, without its per-table rarity weight.
K1 = 1.2
B = 0.75
TYPICAL_LEXEMES = 100


@dataclass(frozen=True)
class Match:
    """The translations that match a query, and the query's words to score them by.

    Their ids come as MATERIALIZED CTEs, so that both engines start from the matches (found through the full-text
    index) and look up their items, instead of walking every public item and asking the index about each.
    """

    found: Select
    name: str
    terms: list[list[str]]

    def all(self) -> CTE:
        return self.found.cte(self.name).prefix_with("MATERIALIZED")

    def newest(self, count: int) -> CTE:
        newest_first = self.found.order_by(self.found.selected_columns[0].desc()).limit(count)
        return newest_first.cte(f"{self.name}_newest").prefix_with("MATERIALIZED")


def matches(translation: type[TranslationMixin], query: str) -> Match | None:
    """The translations that match `query`; None if it has no words."""
    terms = search.query_terms(query)
    if not terms:
        return None
    if db.engine.dialect.name == "postgresql":
        found = _tsvector_match(translation, terms)
    else:
        found = _fts5_match(translation, terms)
    return Match(found, f"{translation.__tablename__}_matches", terms)


def score(translation, terms: list[list[str]]) -> ColumnElement:
    """The relevance of a (matched) translation: higher is better."""
    # Doubling the spaces gives every lexeme its own pair, so that repeated lexemes are each counted.
    text_ = translation.search_text
    padded = literal(" ", Text) + func.replace(text_, " ", "  ", type_=Text) + literal(" ", Text)
    spaces = func.length(text_) - func.length(func.replace(text_, " ", ""))
    return relevance(padded, spaces + 1, terms)


def _fts5_match(translation: type[TranslationMixin], terms: list[list[str]]) -> Select:
    # The FTS5 rowid is the translation's id: the matches come from the index alone, without reading any text.
    fts = table(f"{translation.__tablename__}_fts", column("rowid", Integer))
    expression = " AND ".join("(" + " OR ".join(f'"{form}"' for form in forms) + ")" for forms in terms)
    match = text(f"{fts.name} MATCH :fts_query").bindparams(fts_query=expression)
    return select(fts.c.rowid.label("translation_id")).where(match)


def _tsvector_match(translation: type[TranslationMixin], terms: list[list[str]]) -> Select:
    expression = " & ".join("(" + " | ".join(forms) + ")" for forms in terms)
    # The same expression as the GIN index in the migration, so the planner can use it.
    vector = func.to_tsvector(literal_column("'simple'"), translation.search_text)
    tsquery = func.to_tsquery(literal_column("'simple'"), expression)
    return select(translation.id.label("translation_id")).where(vector.op("@@")(tsquery))


def relevance(padded, lexemes, terms: list[list[str]]) -> ColumnElement:
    """Σ over query words of tf·(k1+1) / (tf + k1·(1 − b + b·lexemes/typical)); tf counts whole lexemes."""
    norm = literal(1 - B, Float) + literal(B / TYPICAL_LEXEMES, Float) * lexemes
    score = literal(0.0, Float)
    for forms in terms:
        frequency = literal(0, Integer)
        for form in forms:
            needle = f" {form} "
            length = func.length(padded, type_=Integer)
            rest = func.length(func.replace(padded, needle, "", type_=Text), type_=Integer)
            frequency = frequency + (length - rest) // len(needle)
        score = score + frequency * literal(K1 + 1, Float) / (frequency + literal(K1, Float) * norm)
    return score.cast(Float)
