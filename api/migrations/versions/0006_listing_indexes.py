"""listing indexes: one (published_at, id, publication_status, sensitive) index per publishable table

A public list filters on publication_status and published_at and sorts by (published_at, id). With a separate
index on publication_status (two values that matter), SQLite chose it and sorted every public row for each page;
one index in sort order lets both engines walk it and stop after a page, and count public (and syndicated, not
sensitive) rows from it alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 11:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("posts", "projects", "vacancies")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_publication_status", table_name=table)
        op.drop_index(f"ix_{table}_published_at", table_name=table)
        op.create_index(f"ix_{table}_published_at", table, ["published_at", "id", "publication_status", "sensitive"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_published_at", table_name=table)
        op.create_index(f"ix_{table}_published_at", table, ["published_at"])
        op.create_index(f"ix_{table}_publication_status", table, ["publication_status"])
