from typing import Self

import strawberry

from api import models
from schema.types.base import Localized, Node, global_id, translated


@strawberry.type(description="A person behind a byline; the name may be a pseudonym.")
class Author(Localized, Node):
    model: strawberry.Private[models.Author]
    requested: strawberry.Private[str]
    database_id: int
    slug: str
    name: str
    is_pseudonym: bool
    role: str | None = translated("role")
    bio: str | None = translated("bio")

    @classmethod
    def from_model(cls, author: models.Author, requested: str) -> Self:
        return cls(
            id=global_id("Author", author.id),
            database_id=author.id,
            slug=author.slug,
            name=author.name,
            is_pseudonym=author.is_pseudonym,
            model=author,
            requested=requested,
        )
