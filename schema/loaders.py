"""Query-shape-driven eager loading: one SELECT per relation the query asks for, however many items it returns.

Strawberry's DataLoaders are async and Flask serves synchronously, so instead of batching at resolve time the
selection set is read before the list query runs and turned into `selectinload` options. The public-only rule
(api.visibility) applies to these loads as to every other, so nested lists never show drafts.
"""

from sqlalchemy.orm import selectinload
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api import models

# GraphQL field → relationship, per model. Fields not listed here read columns or already-loaded rows.
RELATIONS = {
    models.Post: {
        "author": models.Post.author,
        "project": models.Post.project,
        "themes": models.Post.themes,
        "countries": models.Post.countries,
        "partners": models.Post.partners,
    },
    models.Project: {
        "themes": models.Project.themes,
        "countries": models.Project.countries,
        "partners": models.Project.partners,
        "programmes": models.Project.programmes,
    },
    models.Partner: {
        "country": models.Partner.country,
        "projects": models.Partner.projects,
        "vacancies": models.Partner.vacancies,
    },
    models.Vacancy: {
        "host": models.Vacancy.host,
        "programme": models.Vacancy.programme,
        "themes": models.Vacancy.themes,
        "countries": models.Vacancy.countries,
    },
}

Tree = dict[str, "Tree"]


def selection_tree(selections, type_name: str | None = None) -> Tree:
    """Field names below a selection, fragments flattened; with `type_name`, other types' fragments are skipped."""
    tree: Tree = {}
    for selection in selections:
        if isinstance(selection, SelectedField):
            merge(tree.setdefault(selection.name, {}), selection_tree(selection.selections, None))
        elif isinstance(selection, FragmentSpread | InlineFragment):
            condition = selection.type_condition
            if type_name is None or condition in (None, type_name) or condition == "Node":
                merge(tree, selection_tree(selection.selections, type_name))
    return tree


def merge(into: Tree, other: Tree) -> None:
    for name, subtree in other.items():
        merge(into.setdefault(name, {}), subtree)


def connection_nodes(tree: Tree) -> Tree:
    """What a connection's nodes select, whether through `edges { node }` or `nodes`."""
    nodes: Tree = {}
    merge(nodes, tree.get("edges", {}).get("node", {}))
    merge(nodes, tree.get("nodes", {}))
    return nodes


def eager(model: type, tree: Tree, parent=None) -> list:
    """selectinload options for everything `tree` asks of `model`, translations included."""
    chain = parent.selectinload if parent is not None else selectinload
    options = []
    if hasattr(model, "translations"):
        options.append(chain(model.translations))
    for name, subtree in tree.items():
        relationship = RELATIONS.get(model, {}).get(name)
        if relationship is None:
            continue
        loader = chain(relationship)
        options.append(loader)
        options.extend(eager(relationship.property.mapper.class_, subtree, loader))
    return options
