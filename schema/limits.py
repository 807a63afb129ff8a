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


def _fragments(context: ValidationContext) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in context.document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


class _Measure:
    """Depth and alias count of an operation as executed, fragments expanded.

    Each fragment is measured once and remembered: a fragment spread twice in every fragment of a chain would
    otherwise cost 2^n steps to measure, a few hundred bytes of query keeping the server busy for minutes.
    """

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.measured: dict[str, tuple[int, int]] = {}

    def selections(self, selection_set, visiting: frozenset = frozenset()) -> tuple[int, int]:
        """(depth of the deepest field, aliases) below a selection set; introspection adds no depth."""
        deepest = aliases = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                depth, below = self.selections(selection.selection_set, visiting)
                aliases += below + (selection.alias is not None)
                if not selection.name.value.startswith("__"):
                    deepest = max(deepest, 1 + depth)
            elif isinstance(selection, InlineFragmentNode):
                depth, below = self.selections(selection.selection_set, visiting)
                deepest, aliases = max(deepest, depth), aliases + below
            elif isinstance(selection, FragmentSpreadNode):
                depth, below = self.fragment(selection.name.value, visiting)
                deepest, aliases = max(deepest, depth), aliases + below
        return deepest, aliases

    def fragment(self, name: str, visiting: frozenset) -> tuple[int, int]:
        if name in visiting or name not in self.fragments:
            return 0, 0  # cycles and unknown fragments are reported by GraphQL's own validation
        if name not in self.measured:
            self.measured[name] = self.selections(self.fragments[name].selection_set, visiting | {name})
        return self.measured[name]


class DepthLimit(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
        depth, _aliases = _Measure(_fragments(self.context)).selections(node.selection_set)
        if depth > MAX_DEPTH:
            message = gettext("The query is nested deeper than %(max)s levels.", max=MAX_DEPTH)
            self.report_error(CodedError(message, "QUERY_TOO_DEEP", node))


class AliasLimit(ValidationRule):
    """Aliases as executed: a fragment's aliases count each time it is spread."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args) -> None:
        _depth, aliases = _Measure(_fragments(self.context)).selections(node.selection_set)
        if aliases > MAX_ALIASES:
            message = gettext("The query uses more than %(max)s aliases.", max=MAX_ALIASES)
            self.report_error(CodedError(message, "TOO_MANY_ALIASES", node))
