"""Every content type's write rules, by collection name."""

from api.editing.authors import AUTHOR_EDITOR
from api.editing.partners import PARTNER_EDITOR
from api.editing.posts import POST_EDITOR
from api.editing.projects import PROJECT_EDITOR
from api.editing.themes import THEME_EDITOR
from api.editing.vacancies import VACANCY_EDITOR

EDITORS = {
    editor.name: editor
    for editor in (POST_EDITOR, PROJECT_EDITOR, VACANCY_EDITOR, PARTNER_EDITOR, THEME_EDITOR, AUTHOR_EDITOR)
}
