from api.editing.editor import Editor
from api.queries.projects import PROJECTS
from api.serializers.project import ProjectIn, ProjectPatch, ProjectTextIn

# Projects are the organisation's own: staff write them, partners do not.
PROJECT_EDITOR = Editor(
    name="projects",
    listing=PROJECTS,
    input=ProjectIn,
    patch=ProjectPatch,
    translation_input=ProjectTextIn,
    html_fields=("body",),
)
