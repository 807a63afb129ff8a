"""The Mutation root: the REST write API, operation for operation, on the same actions (api.editing.actions), input
schemas, permissions and messages. `expectedVersion` plays the part of If-Match: the item's `version`.

Every mutation returns a nullable result, so that one refused write in a document does not cancel the next."""

from collections.abc import Callable
from datetime import datetime

import strawberry
from flask_babel import gettext
from marshmallow import Schema, ValidationError
from strawberry.utils.str_converters import to_camel_case

from api import auth, i18n, rate_limits
from api.editing import actions
from api.editing.authors import AUTHOR_EDITOR
from api.editing.editor import Editor
from api.editing.partners import PARTNER_EDITOR
from api.editing.posts import POST_EDITOR
from api.editing.projects import PROJECT_EDITOR
from api.editing.themes import THEME_EDITOR
from api.editing.vacancies import VACANCY_EDITOR
from api.errors import ApiError, InvalidParameters
from api.extensions import db
from api.http import write_origin_allowed
from api.serializers.inputs import PublishIn
from schema.types.author import Author
from schema.types.base import global_id
from schema.types.partner import Partner
from schema.types.post import Post
from schema.types.project import Project
from schema.types.taxonomy import Theme
from schema.types.vacancy import Vacancy
from schema.write_inputs import (
    AuthorInput,
    AuthorTextInput,
    PartnerInput,
    PartnerTextInput,
    PostInput,
    PostTextInput,
    ProjectInput,
    ProjectTextInput,
    ThemeInput,
    ThemeTextInput,
    VacancyInput,
    VacancyTextInput,
    as_data,
)


@strawberry.type(description="An expiring link that shows one unpublished item to whoever opens it, until it ends.")
class Preview:
    id: strawberry.ID = strawberry.field(description="Names the key, to revoke it.")
    url: str
    key: str = strawberry.field(description="Shown only now: it is stored as a hash.")
    expires_at: datetime


@strawberry.type(description="A preview key that was revoked: its link no longer works.")
class RevokedPreview:
    id: strawberry.ID
    created_at: datetime
    expires_at: datetime


@strawberry.type(description="What a delete removed.")
class Deleted:
    id: strawberry.ID
    slug: str


def load(schema: type[Schema], value) -> dict:
    """The input checked by the REST schema for the same body."""
    try:
        return schema().load(as_data(value))
    except ValidationError as error:
        raise InvalidParameters.from_messages(error.messages) from error


def written(write: Callable):
    """Run one write as REST runs a request: from an allowed origin, rate-limited, all or nothing."""
    if not write_origin_allowed():
        raise auth.Forbidden(gettext("Writes are accepted only from the configured origins."))
    rate_limits.count_write()
    try:
        return write()
    except Exception as error:
        # A failed write leaves nothing behind for the next mutation of the same request to flush.
        db.session.rollback()
        if isinstance(error, InvalidParameters):
            error.name_fields(to_camel_case)
        elif isinstance(error, ApiError) and "invalid_params" in error.extensions:  # a refusal naming one field
            for param in error.extensions["invalid_params"]:
                param["name"] = to_camel_case(param["name"])
        raise


def item_of(node_type):
    return lambda item: node_type.from_model(item, i18n.requested_locale())


def create(editor: Editor, node_type, input_type, noun: str):
    def resolve(input: input_type) -> node_type | None:
        return written(lambda: item_of(node_type)(actions.create(editor, load(editor.input, input))))

    return strawberry.mutation(resolver=resolve, description=f"Create a {noun}.")


def update(editor: Editor, node_type, input_type, noun: str):
    def resolve(slug: str, expected_version: int, input: input_type) -> node_type | None:
        return written(
            lambda: item_of(node_type)(actions.update(editor, slug, expected_version, load(editor.patch, input)))
        )

    return strawberry.mutation(resolver=resolve, description=f"Change the given fields of a {noun}.")


def set_translation(editor: Editor, node_type, text_type, noun: str):
    def resolve(slug: str, expected_version: int, input: text_type) -> node_type | None:
        text = as_data(input)
        locale = text.pop("locale")

        def write():
            checked = load(editor.translation_input, text)
            return item_of(node_type)(actions.set_translation(editor, slug, expected_version, locale, checked))

        return written(write)

    return strawberry.mutation(resolver=resolve, description=f"Add or replace a {noun}'s text in one locale.")


def remove_translation(editor: Editor, node_type, noun: str):
    def resolve(slug: str, expected_version: int, locale: str) -> node_type | None:
        return written(lambda: item_of(node_type)(actions.remove_translation(editor, slug, expected_version, locale)))

    return strawberry.mutation(
        resolver=resolve, description=f"Remove a {noun}'s text in one locale (not its original one)."
    )


def delete(editor: Editor, node_type, noun: str):
    if editor.publishable:

        def archive(slug: str, expected_version: int) -> node_type | None:
            return written(lambda: item_of(node_type)(actions.delete(editor, slug, expected_version)))

        return strawberry.mutation(resolver=archive, description=f"Archive a {noun}: it leaves every public list.")

    def remove(slug: str, expected_version: int) -> Deleted | None:
        def write() -> Deleted:
            item = actions.delete(editor, slug, expected_version)
            return Deleted(id=global_id(node_type.__name__, item.id), slug=item.slug)

        return written(write)

    return strawberry.mutation(resolver=remove, description=f"Delete a {noun} that nothing links to any more.")


def publish(editor: Editor, node_type, noun: str):
    def resolve(slug: str, expected_version: int, published_at: datetime | None = None) -> node_type | None:
        def write():
            at = load(PublishIn, {"published_at": as_data(published_at)} if published_at else {}).get("published_at")
            return item_of(node_type)(actions.publish(editor, slug, expected_version, at))

        return written(write)

    return strawberry.mutation(
        resolver=resolve, description=f"Publish a {noun} now, or schedule it with a future publishedAt."
    )


def unpublish(editor: Editor, node_type, noun: str):
    def resolve(slug: str, expected_version: int) -> node_type | None:
        return written(lambda: item_of(node_type)(actions.unpublish(editor, slug, expected_version)))

    return strawberry.mutation(resolver=resolve, description=f"Take a {noun} back to draft.")


def preview(editor: Editor, noun: str):
    def resolve(slug: str) -> Preview | None:
        return written(lambda: Preview(**actions.preview(editor, slug)))

    return strawberry.mutation(resolver=resolve, description=f"A preview link for a {noun}, published or not.")


def revoke_preview(editor: Editor, noun: str):
    def resolve(slug: str, id: strawberry.ID) -> RevokedPreview | None:
        def write() -> RevokedPreview:
            key = actions.revoke_preview(editor, slug, id)
            return RevokedPreview(id=key.id, created_at=key.created_at, expires_at=key.expires_at)

        return written(write)

    return strawberry.mutation(resolver=resolve, description=f"Revoke one of a {noun}'s preview keys (staff).")


@strawberry.type
class Mutation:
    create_post: Post | None = create(POST_EDITOR, Post, PostInput, "post")
    update_post: Post | None = update(POST_EDITOR, Post, PostInput, "post")
    delete_post: Post | None = delete(POST_EDITOR, Post, "post")
    set_post_translation: Post | None = set_translation(POST_EDITOR, Post, PostTextInput, "post")
    remove_post_translation: Post | None = remove_translation(POST_EDITOR, Post, "post")
    publish_post: Post | None = publish(POST_EDITOR, Post, "post")
    unpublish_post: Post | None = unpublish(POST_EDITOR, Post, "post")
    preview_post: Preview | None = preview(POST_EDITOR, "post")
    revoke_post_preview: RevokedPreview | None = revoke_preview(POST_EDITOR, "post")

    create_project: Project | None = create(PROJECT_EDITOR, Project, ProjectInput, "project")
    update_project: Project | None = update(PROJECT_EDITOR, Project, ProjectInput, "project")
    delete_project: Project | None = delete(PROJECT_EDITOR, Project, "project")
    set_project_translation: Project | None = set_translation(PROJECT_EDITOR, Project, ProjectTextInput, "project")
    remove_project_translation: Project | None = remove_translation(PROJECT_EDITOR, Project, "project")
    publish_project: Project | None = publish(PROJECT_EDITOR, Project, "project")
    unpublish_project: Project | None = unpublish(PROJECT_EDITOR, Project, "project")
    preview_project: Preview | None = preview(PROJECT_EDITOR, "project")
    revoke_project_preview: RevokedPreview | None = revoke_preview(PROJECT_EDITOR, "project")

    create_vacancy: Vacancy | None = create(VACANCY_EDITOR, Vacancy, VacancyInput, "vacancy")
    update_vacancy: Vacancy | None = update(VACANCY_EDITOR, Vacancy, VacancyInput, "vacancy")
    delete_vacancy: Vacancy | None = delete(VACANCY_EDITOR, Vacancy, "vacancy")
    set_vacancy_translation: Vacancy | None = set_translation(VACANCY_EDITOR, Vacancy, VacancyTextInput, "vacancy")
    remove_vacancy_translation: Vacancy | None = remove_translation(VACANCY_EDITOR, Vacancy, "vacancy")
    publish_vacancy: Vacancy | None = publish(VACANCY_EDITOR, Vacancy, "vacancy")
    unpublish_vacancy: Vacancy | None = unpublish(VACANCY_EDITOR, Vacancy, "vacancy")
    preview_vacancy: Preview | None = preview(VACANCY_EDITOR, "vacancy")
    revoke_vacancy_preview: RevokedPreview | None = revoke_preview(VACANCY_EDITOR, "vacancy")

    create_partner: Partner | None = create(PARTNER_EDITOR, Partner, PartnerInput, "partner")
    update_partner: Partner | None = update(PARTNER_EDITOR, Partner, PartnerInput, "partner")
    delete_partner: Deleted | None = delete(PARTNER_EDITOR, Partner, "partner")
    set_partner_translation: Partner | None = set_translation(
        PARTNER_EDITOR, Partner, PartnerTextInput, "partner organisation"
    )
    remove_partner_translation: Partner | None = remove_translation(PARTNER_EDITOR, Partner, "partner")

    create_theme: Theme | None = create(THEME_EDITOR, Theme, ThemeInput, "theme")
    update_theme: Theme | None = update(THEME_EDITOR, Theme, ThemeInput, "theme")
    delete_theme: Deleted | None = delete(THEME_EDITOR, Theme, "theme")
    set_theme_translation: Theme | None = set_translation(THEME_EDITOR, Theme, ThemeTextInput, "theme")
    remove_theme_translation: Theme | None = remove_translation(THEME_EDITOR, Theme, "theme")

    create_author: Author | None = create(AUTHOR_EDITOR, Author, AuthorInput, "author")
    update_author: Author | None = update(AUTHOR_EDITOR, Author, AuthorInput, "author")
    delete_author: Deleted | None = delete(AUTHOR_EDITOR, Author, "author")
    set_author_translation: Author | None = set_translation(AUTHOR_EDITOR, Author, AuthorTextInput, "author")
    remove_author_translation: Author | None = remove_translation(AUTHOR_EDITOR, Author, "author")
