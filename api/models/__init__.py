"""Typed models, one module per aggregate; importing this package registers every table."""

from api.models.author import Author, AuthorTranslation
from api.models.base import Base, PublicationStatus, TranslationMixin
from api.models.change import Change, ChangeAction
from api.models.country import Country
from api.models.partner import Partner, PartnerTranslation
from api.models.post import Post, PostKind, PostTranslation
from api.models.preview import PreviewKey
from api.models.programme import Programme
from api.models.project import Project, ProjectStatus, ProjectTranslation
from api.models.revision import Revision
from api.models.theme import Theme, ThemeTranslation
from api.models.token import ApiToken, Role
from api.models.vacancy import Vacancy, VacancyKind, VacancyStatus, VacancyTranslation
from api.models.webhook import WebhookAttempt, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Role",
    "Author",
    "AuthorTranslation",
    "Base",
    "Change",
    "ChangeAction",
    "Country",
    "Partner",
    "PartnerTranslation",
    "Post",
    "PostKind",
    "PostTranslation",
    "PreviewKey",
    "Programme",
    "Revision",
    "Project",
    "ProjectStatus",
    "ProjectTranslation",
    "PublicationStatus",
    "Theme",
    "ThemeTranslation",
    "TranslationMixin",
    "Vacancy",
    "VacancyKind",
    "VacancyStatus",
    "VacancyTranslation",
    "WebhookAttempt",
    "WebhookEndpoint",
]
