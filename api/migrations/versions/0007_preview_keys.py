"""preview keys: a stored record per preview link, so that a link can end before it expires

Preview links were signed, expiring URLs that nothing could take back: a key made for a draft still showed it
after the item was archived. Each key is now a row (its SHA-256, the item, the token that made it, its expiry),
looked up on use and deleted when the item is archived or taken back to draft, or when staff revoke it. Links
signed before this revision stop working.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "preview_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("item_type", sa.String(length=32), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["api_tokens.id"],
            name=op.f("fk_preview_keys_created_by_id_api_tokens"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preview_keys")),
        sa.UniqueConstraint("digest", name=op.f("uq_preview_keys_digest")),
    )
    op.create_index("ix_preview_keys_item", "preview_keys", ["item_type", "item_id"])
    op.create_index(op.f("ix_preview_keys_created_by_id"), "preview_keys", ["created_by_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_preview_keys_created_by_id"), table_name="preview_keys")
    op.drop_index("ix_preview_keys_item", table_name="preview_keys")
    op.drop_table("preview_keys")
