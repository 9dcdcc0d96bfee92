"""The name hierarchy of a graph as an indented SVG tree, grouped like TensorBoard (op names split on "/")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROW_HEIGHT = 18
INDENT = 16
PAD = 8
CHAR_WIDTH = 7.3
MAX_NODES = 300

GraphOps = dict[str, list[tuple[str, str]]]


@dataclass
class TreeNode:
    """A scope or op in the hierarchy; an op that is also a scope (v, v/read) is one node."""

    label: str
    path: str
    op_type: str | None = None
    children: dict[str, TreeNode] = field(default_factory=dict)


@dataclass(frozen=True)
class DrawnNode:
    """A node placed on the canvas: position, text, tooltip and a class saying how it compares."""

    x: float
    y: float
    text: str
    title: str
    state: str


@dataclass(frozen=True)
class SvgTree:
    """A laid-out tree ready for the template: size, nodes and elbow edges as SVG path data."""

    width: float
    height: float
    nodes: list[DrawnNode]
    edges: list[str]
    truncated: int


def graph_ops(trace: list[Any] | None) -> GraphOps:
    """The sorted (name, type) ops of each graph, from the final `graphs` event of a trace."""
    for event in reversed(trace or []):
        if isinstance(event, dict) and event.get("op") == "graphs" and isinstance(event.get("ok"), dict):
            return {str(g): [_op_pair(op) for op in ops] for g, ops in sorted(event["ok"].items()) if isinstance(ops, list)}
    return {}


def _op_pair(op: Any) -> tuple[str, str]:
    """An op entry ([name, type] or a bare name) as a (name, type) pair."""
    if isinstance(op, list | tuple) and op:
        return str(op[0]), str(op[1]) if len(op) > 1 else ""
    return str(op), ""


def build_tree(graphs: GraphOps) -> TreeNode:
    """One root holding a node per graph, each holding its ops split on "/"."""
    root = TreeNode("", "")
    for graph_id, ops in graphs.items():
        graph_node = root.children.setdefault(graph_id, TreeNode(graph_id, graph_id, "graph"))
        for name, op_type in ops:
            node = graph_node
            for part in name.split("/"):
                path = f"{node.path}/{part}"
                node = node.children.setdefault(part, TreeNode(part, path))
            node.op_type = op_type
    return root


def node_index(root: TreeNode) -> dict[str, str | None]:
    """Every node's path mapped to its op type, to compare two trees."""
    index: dict[str, str | None] = {}
    stack = list(root.children.values())
    while stack:
        node = stack.pop()
        index[node.path] = node.op_type
        stack.extend(node.children.values())
    return index


def compare_state(node: TreeNode, other: dict[str, str | None]) -> str:
    """same, only (absent from the other tree) or type (present with another op type)."""
    if node.path not in other:
        return "only"
    return "same" if other[node.path] == node.op_type else "type"


def node_text(node: TreeNode) -> str:
    """The label drawn for a node: its name part, with the op type if it is an op."""
    if node.op_type == "graph":
        return f"graph {node.label}"
    label = node.label or '""'
    return f"{label} ({node.op_type})" if node.op_type else label


def layout(root: TreeNode, other: dict[str, str | None]) -> SvgTree:
    """Place nodes in pre-order as an indented list with elbow edges from each parent."""
    nodes: list[DrawnNode] = []
    edges: list[str] = []
    total = len(node_index(root))

    def place(node: TreeNode, depth: int, parent: tuple[float, float] | None) -> None:
        """Place one node and then its children, until the node budget runs out."""
        if len(nodes) >= MAX_NODES:
            return
        x, y = PAD + depth * INDENT, PAD + len(nodes) * ROW_HEIGHT + ROW_HEIGHT / 2
        nodes.append(DrawnNode(x, y, node_text(node), node.path, compare_state(node, other)))
        if parent is not None:
            edges.append(f"M{parent[0] + 4:g},{parent[1] + 5:g}V{y:g}H{x - 2:g}")
        for child in node.children.values():
            place(child, depth + 1, (x, y))

    for graph_node in root.children.values():
        place(graph_node, 0, None)
    width = max((n.x + len(n.text) * CHAR_WIDTH for n in nodes), default=120) + 2 * PAD
    height = len(nodes) * ROW_HEIGHT + 2 * PAD
    return SvgTree(round(width), height, nodes, edges, total - len(nodes))


def sort_tree(node: TreeNode) -> None:
    """Order children by name (case-insensitively, then exactly), like TensorBoard's listing."""
    node.children = dict(sorted(node.children.items(), key=lambda kv: (kv[0].lower(), kv[0])))
    for child in node.children.values():
        sort_tree(child)


def tree_pair(tf_trace: list[Any] | None, model_trace: list[Any] | None) -> tuple[SvgTree, SvgTree]:
    """TF's and the model's name hierarchies, each marked against the other."""
    tf_root, model_root = build_tree(graph_ops(tf_trace)), build_tree(graph_ops(model_trace))
    sort_tree(tf_root)
    sort_tree(model_root)
    return layout(tf_root, node_index(model_root)), layout(model_root, node_index(tf_root))
