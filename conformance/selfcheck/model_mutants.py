"""Model mutants: planted bugs in reference_impl, to measure how fast the suite catches a wrong model.

Each mutant is one textual change to one function of the model, recompiled in its own module and installed in
this process only; reference_impl itself knows nothing about them. As a pytest plugin
(`-p conformance.selfcheck.model_mutants` with $CONFORMANCE_MODEL_MUTANT=<name>) the mutant is applied in every process,
pytest-xdist workers included. `python -m conformance.selfcheck.bench` uses them for `time_to_detect_median_s`.
"""

from __future__ import annotations

import os

from conformance.selfcheck.mutation import Mutant, apply
from conformance.selfcheck.mutation import by_name as _by_name

MODEL_MUTANT_ENV = "CONFORMANCE_MODEL_MUTANT"


MODEL_MUTANTS: tuple[Mutant, ...] = (
    Mutant("case_sensitive_names", "reference_impl.naming", "name_key",
                "return name.lower()", "return name", "names collide case-sensitively"),
    Mutant("suffix_off_by_one", "reference_impl.naming", "numbered",
                'return "%s_%d" % (name, index)', 'return "%s_%d" % (name, index + 1)',
                "duplicate names get _2, _3, ... instead of _1, _2, ..."),
    Mutant("root_scope_regex", "reference_impl.naming", "scope_name_error",
                "if not VALID_OP_NAME_REGEX.match(name):", "if not VALID_SCOPE_NAME_REGEX.match(name):",
                "root scopes accept names that only inner scopes may have ('_x', '-x')"),
    Mutant("unique_name_always_marks", "reference_impl.graph", "Graph.unique_name",
                "mark_as_used: bool = True) -> str:", "mark_as_used: bool = True) -> str:\n    mark_as_used = True",
                "unique_name(mark_as_used=False) still consumes the name"),
    Mutant("none_scope_keeps_stack", "reference_impl.graph", "NameStackScope.__enter__",
                'new_stack = returned_scope = ""', 'new_stack, returned_scope = self._old_stack, ""',
                "name_scope(None) keeps the current scope instead of resetting to the root"),
    Mutant("reuse_not_inherited", "reference_impl.variable_scope", "_pure_variable_scope.__enter__",
                "self._reuse = self._reuse or self._old.reuse", "self._reuse = self._reuse or False",
                "sub-scopes stop inheriting reuse"),
    Mutant("default_scope_count", "reference_impl.variable_scope", "_get_unique_variable_scope",
                "idx = 1", "idx = 2", "default_name variable scopes are numbered from _2"),
    Mutant("reuse_skips_shape_check", "reference_impl.variable_scope", "_VariableStore._existing_variable",
                "if shape is not None and not shape.is_compatible_with(found_var.get_shape()):", "if False:",
                "a reused variable is returned even when the shape differs"),
    Mutant("resource_read_lowercase", "reference_impl.variables", "ResourceVariable.__init__",
                'with name_scope("Read"):', 'with name_scope("read"):',
                "a resource variable's read op is named read/ instead of Read/"),
    Mutant("add_default_lowercase", "reference_impl.math_ops", "add",
                'with name_scope(name, "Add", [x]) as scope:', 'with name_scope(name, "add", [x]) as scope:',
                "tf.add defaults to the name add instead of Add"),
    Mutant("cross_graph_inputs_accepted", "reference_impl.ops", "assert_same_graph",
                "if original_graph and graph and original_graph is not graph:", "if False:",
                "op inputs from different graphs are accepted"),
    Mutant("float_into_int_accepted", "reference_impl.ops", "checked_python_value",
                "if dtype.is_integer and isinstance(item, float):", "if False:",
                "a float value is silently truncated for an integer dtype"),
    Mutant("name_scope_values_without_name", "reference_impl.ops", "internal_name_scope_v1.__enter__",
                "if self._name is None and self._values is not None:", "if False:",
                "name_scope(None, values=...) without default_name no longer raises"),
    Mutant("finalize_ignored", "reference_impl.ops", "create_op_internal",
                "graph._check_not_finalized()", "pass", "a finalized graph still accepts new operations"),
)


def by_name(name: str) -> Mutant:
    """The model mutant called `name`; ValueError naming the known ones otherwise."""
    return _by_name(MODEL_MUTANTS, name, "model mutant")


def pytest_configure(config: object) -> None:
    """As a pytest plugin (-p conformance.selfcheck.model_mutants): apply $CONFORMANCE_MODEL_MUTANT in this process."""
    name = os.environ.get(MODEL_MUTANT_ENV)
    if name:
        import pytest

        import reference_impl.v1  # noqa: F401 - every model module loaded, so imported names are replaced too
        try:
            apply(by_name(name), "model mutant")
        except (ValueError, RuntimeError) as error:
            raise pytest.UsageError(f"${MODEL_MUTANT_ENV}: {error}") from None
