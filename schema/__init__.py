"""The GraphQL schema: the same content, filters and locale fallback as REST, built on api.queries."""

from functools import cache

import strawberry
from strawberry.extensions import AddValidationRules, DisableIntrospection

from schema.errors import ErrorCodes, RequireOperationName
from schema.limits import AliasLimit, DepthLimit
from schema.mutation import Mutation
from schema.operation import ParsedOnce
from schema.query import Query
from schema.types.author import Author
from schema.types.partner import Partner
from schema.types.post import Post
from schema.types.project import Project
from schema.types.taxonomy import Theme
from schema.types.vacancy import Vacancy

NODE_TYPES = [Post, Project, Partner, Vacancy, Theme, Author]


class Schema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Expected errors are the client's business; schema.errors.ErrorCodes logs the unexpected ones."""


@cache
def build_schema(introspection: bool = True) -> strawberry.Schema:
    extensions = [ParsedOnce, ErrorCodes, RequireOperationName, lambda: AddValidationRules([DepthLimit, AliasLimit])]
    if not introspection:
        extensions.append(DisableIntrospection)
    return Schema(query=Query, mutation=Mutation, types=NODE_TYPES, extensions=extensions)
