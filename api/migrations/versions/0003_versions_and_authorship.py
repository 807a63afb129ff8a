"""versions and authorship: every editable item gets a version and who created and last changed it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 07:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("authors", "partners", "posts", "projects", "themes", "vacancies")


def upgrade() -> None:
    # On SQLite a foreign key means rebuilding the table (batch mode); api/migrate.py turns foreign keys off while
    # migrations run, so the rebuild's DROP TABLE cannot cascade into the rows that refer to the table.
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
            for column in ("created_by_id", "updated_by_id"):
                batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
                batch_op.create_foreign_key(
                    f"fk_{table}_{column}_api_tokens", "api_tokens", [column], ["id"], ondelete="SET NULL"
                )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_updated_by_id_api_tokens", type_="foreignkey")
            batch_op.drop_constraint(f"fk_{table}_created_by_id_api_tokens", type_="foreignkey")
            batch_op.drop_column("updated_by_id")
            batch_op.drop_column("created_by_id")
            batch_op.drop_column("version")
