"""Cost limits checked before execution: query depth and alias count (page size is checked per list)."""

from flask_babel import gettext
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    ValidationContext,
    ValidationRule,
)

from schema.errors import CodedError

MAX_DEPTH = 8
MAX_ALIASES = 30


def _depth(selection_set, fragments: dict, seen: frozenset = frozenset()) -> int:
    """Depth of the deepest field below a selection set; introspection fields (`__schema` …) are free."""
    deepest = 0
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue  # cycles are reported by GraphQL's own validation
            deepest = max(deepest, _depth(fragments[name].selection_set, fragments, seen | {name}))
    return deepest


class DepthLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
        fragments = {
            definition.name.value: definition
            for definition in self.context.document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        if _depth(node.selection_set, fragments) > MAX_DEPTH:
            message = gettext("The query is nested deeper than %(max)s levels.", max=MAX_DEPTH)
            self.report_error(CodedError(message, "QUERY_TOO_DEEP", node))


class AliasLimit(ValidationRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.aliases = 0
        self.reported = False

    def enter_field(self, node: FieldNode, *_args) -> None:
        if node.alias is None:
            return
        self.aliases += 1
        if self.aliases > MAX_ALIASES and not self.reported:
            self.reported = True
            message = gettext("The query uses more than %(max)s aliases.", max=MAX_ALIASES)
            self.report_error(CodedError(message, "TOO_MANY_ALIASES", node))
