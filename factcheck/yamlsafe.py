"""YAML that a small file cannot blow up: aliases refused, or expanded nodes counted.

PyYAML's safe loader builds an alias as a reference to the same object, so loading a "billion
laughs" file is quick; the blow-up comes later, from whatever walks the value (``str()``, a
merge, a loop over a list). Front matter has no use for aliases, so ``NoAliasLoader`` refuses
them; rules data may use them, so ``check_size`` counts the nodes a document stands for once
every alias is expanded, and refuses past a limit. Both raise ``yaml.YAMLError`` subclasses
with a mark, so callers report them like any other YAML mistake (``file:line``).
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

# Nodes a rules file may stand for, aliases expanded: the built-in files hold a few thousand.
MAX_NODES = 1_000_000


class NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases (``*name``): where no one needs them, they can only
    be a way to make a small text stand for a huge value."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, "YAML aliases (*name) are not allowed here",
                                event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-untyped-call]


def check_size(node: Node | None, limit: int = MAX_NODES) -> None:
    """Raise if ``node`` stands for more than ``limit`` nodes once its aliases are expanded.

    Each distinct node is sized once (an alias is the same node object again), so the count
    costs the size of the file, not of its expansion."""
    if node is None:
        return
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # being sized: meeting one again is a recursive alias
    # Post-order without recursion: a deeply nested file must not hit the recursion limit.
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if key in sizes:
            continue
        children = _children(current)
        if not children_done:
            if key in open_nodes:
                raise ComposerError(None, None, "a YAML alias refers to a node that holds it",
                                    current.start_mark)
            open_nodes.add(key)
            stack.append((current, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        open_nodes.discard(key)
        total = 1 + sum(sizes.get(id(child), 0) for child in children)
        if total > limit:
            raise ComposerError(None, None,
                                f"the document stands for more than {limit:,} values once its "
                                "aliases are expanded", current.start_mark)
        sizes[key] = total


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []
