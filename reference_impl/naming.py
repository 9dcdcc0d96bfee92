"""The naming rules of a TF graph, each one small function (framework/ops.py)."""

from __future__ import annotations

import re

#: ops.py `_VALID_OP_NAME_REGEX`: op names and scope names at the root.
VALID_OP_NAME_REGEX = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
#: ops.py `_VALID_SCOPE_NAME_REGEX`: scope names inside another scope.
VALID_SCOPE_NAME_REGEX = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")
#: C++ IsValidNodeName, checked when a Session loads the graph: no backslash, and each '>' starts a new piece
#: with a letter, digit or dot (the Python regex above lets `a/>/Const` through).
SESSION_NODE_NAME_REGEX = re.compile(r"[A-Za-z0-9.][A-Za-z0-9_./-]*(?:>[A-Za-z0-9.][A-Za-z0-9_./-]*)*")


def name_key(name: str) -> str:
    """TF compares names case-insensitively: the lookup key is the lower-cased name."""
    return name.lower()


def prefixed_by_stack(name_stack: str, name: str) -> str:
    """A name inside a scope is `stack + "/" + name`; at the root it is unchanged."""
    return name_stack + "/" + name if name_stack else name


def numbered(name: str, index: int) -> str:
    """The n-th duplicate of a name gets `_n` appended in the caller's capitalisation."""
    return "%s_%d" % (name, index)


def name_from_scope_name(name: str) -> str:
    """A scope string's op name is the scope minus its trailing slash."""
    return name[:-1] if (name and name[-1] == "/") else name


def is_exact_scope(name: str) -> bool:
    """A name ending in '/' is an absolute scope: used exactly, never uniquified nor registered."""
    return bool(name) and name[-1] == "/"


def scope_name_error(name: str, at_root: bool) -> str | None:
    """Graph.name_scope validation: root scopes must be valid op names, inner ones valid scope names."""
    if at_root:
        if not VALID_OP_NAME_REGEX.match(name):
            return (f"'{name}' is not a valid root scope name. A root scope name has to match the "
                    f"following pattern: {VALID_OP_NAME_REGEX.pattern}")
    elif not VALID_SCOPE_NAME_REGEX.match(name):
        return (f"'{name}' is not a valid scope name. A scope name has to match the following pattern: "
                f"{VALID_SCOPE_NAME_REGEX.pattern}")
    return None


def node_name_error(name: str) -> str | None:
    """Operation.from_node_def validation; the message prints the compiled regex object."""
    if VALID_OP_NAME_REGEX.match(name):
        return None
    return f"`{name}` is not a valid node name. Accepted names conform to Regex /{VALID_OP_NAME_REGEX}/"


def session_node_name_error(name: str) -> str | None:
    """A Session refuses the whole graph when a node name breaks the C++ rule, naming the first such node."""
    if SESSION_NODE_NAME_REGEX.fullmatch(name):
        return None
    return f"Node '{name}': Node name contains invalid characters"


def scope_variable_name(scope_name: str, name: str) -> str:
    """get_variable's full name: the variable scope's name, '/', the name (ignores name scopes)."""
    return scope_name + "/" + name if scope_name else name
