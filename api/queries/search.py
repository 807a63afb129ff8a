"""Full-text matching in the database's own engine: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.

The engines only match; the score is one SQL expression on both, so results rank alike on either database and
scores of different content types can be compared. (FTS5's bm25() weighs words by how rare they are in one
table: with a table per type, a vacancy about volunteering scored near zero for "volunteering" because both
vacancies say it, and ts_rank ranks differently again.)
"""

from sqlalchemy import Float, Integer, Text, column, func, literal, literal_column, select, table, text
from sqlalchemy.sql import ColumnElement, Subquery

from api import search
from api.extensions import db
from api.models.base import TranslationMixin

# BM25's term-frequency saturation and length normalisation, without its per-table rarity weight.
K1 = 1.2
B = 0.75
TYPICAL_LEXEMES = 100


def matches(translation: type[TranslationMixin], query: str) -> Subquery | None:
    """Translation ids that match `query`, with a `score` where higher is better; None if it has no words."""
    terms = search.query_terms(query)
    if not terms:
        return None
    if db.engine.dialect.name == "postgresql":
        matched = _tsvector_match(translation, terms)
    else:
        matched = _fts5_match(translation, terms)
    # Doubling the spaces gives every lexeme its own pair, so that repeated lexemes are each counted.
    padded = literal(" ", Text) + func.replace(translation.search_text, " ", "  ", type_=Text) + literal(" ", Text)
    spaces = func.length(translation.search_text) - func.length(func.replace(translation.search_text, " ", ""))
    found = (
        select(
            translation.id.label("translation_id"),
            padded.label("padded"),
            (spaces + 1).label("lexemes"),
        )
        .where(matched)
        .subquery()
    )
    score = relevance(found.c.padded, found.c.lexemes, terms)
    return select(found.c.translation_id, score.label("score")).subquery()


def _fts5_match(translation: type[TranslationMixin], terms: list[list[str]]) -> ColumnElement:
    fts = table(f"{translation.__tablename__}_fts", column("rowid", Integer))
    expression = " AND ".join("(" + " OR ".join(f'"{form}"' for form in forms) + ")" for forms in terms)
    found = select(fts.c.rowid).where(text(f"{fts.name} MATCH :fts_query").bindparams(fts_query=expression))
    return translation.id.in_(found)


def _tsvector_match(translation: type[TranslationMixin], terms: list[list[str]]) -> ColumnElement:
    expression = " & ".join("(" + " | ".join(forms) + ")" for forms in terms)
    # The same expression as the GIN index in the migration, so the planner can use it.
    vector = func.to_tsvector(literal_column("'simple'"), translation.search_text)
    tsquery = func.to_tsquery(literal_column("'simple'"), expression)
    return vector.op("@@")(tsquery)


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
