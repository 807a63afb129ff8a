"""Full-text matching in the database's own engine: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from sqlalchemy import Float, Integer, column, func, literal_column, select, table, text
from sqlalchemy.sql import Subquery

from api import search
from api.extensions import db
from api.models.base import TranslationMixin


def matches(translation: type[TranslationMixin], query: str) -> Subquery | None:
    """Translation ids that match `query`, with a `score` where higher is better; None if it has no words."""
    terms = search.query_terms(query)
    if not terms:
        return None
    if db.engine.dialect.name == "postgresql":
        return _tsvector_matches(translation, terms)
    return _fts5_matches(translation, terms)


def _fts5_matches(translation: type[TranslationMixin], terms: list[list[str]]) -> Subquery:
    fts = table(f"{translation.__tablename__}_fts", column("rowid", Integer))
    expression = " AND ".join("(" + " OR ".join(f'"{form}"' for form in forms) + ")" for forms in terms)
    # bm25() is lower-is-better and only valid inside the MATCH query itself.
    score = (-func.bm25(literal_column(fts.name))).cast(Float)
    return (
        select(fts.c.rowid.label("translation_id"), score.label("score"))
        .where(text(f"{fts.name} MATCH :fts_query").bindparams(fts_query=expression))
        .subquery()
    )


def _tsvector_matches(translation: type[TranslationMixin], terms: list[list[str]]) -> Subquery:
    expression = " & ".join("(" + " | ".join(forms) + ")" for forms in terms)
    # The same expression as the GIN index in the migration, so the planner can use it.
    vector = func.to_tsvector(literal_column("'simple'"), translation.search_text)
    tsquery = func.to_tsquery(literal_column("'simple'"), expression)
    return (
        select(translation.id.label("translation_id"), func.ts_rank(vector, tsquery).cast(Float).label("score"))
        .where(vector.op("@@")(tsquery))
        .subquery()
    )
