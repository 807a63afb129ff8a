"""validators scoped to what an answer shows: each change says whether it can have changed what the public sees

Public validators (api.caching) took the last change of any kind, so a draft's save changed every public ETag.
A change now records whether its item was public before or after it (`public`); a public answer's validator moves
only with the public changes of the collections it shows. Changes logged before this revision are treated as
public, which is what they were treated as until now. A partial index on (item_type, id) of the public ones makes
each collection's last public change one probe.

Revision ID: 0008_validators
Revises: 0007
Create Date: 2026-12-08 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_validators"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("changes") as batch_op:
        batch_op.add_column(sa.Column("public", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_index(
            "ix_changes_public_item_type_id",
            ["item_type", "id"],
            postgresql_where=sa.text("public"),
            sqlite_where=sa.text("public = 1"),
        )


def downgrade() -> None:
    with op.batch_alter_table("changes") as batch_op:
        batch_op.drop_index("ix_changes_public_item_type_id")
        batch_op.drop_column("public")
