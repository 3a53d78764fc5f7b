"""Error messages for Python syntax that model expressions do not allow.

Each message names the construct as the user wrote it (``'^'``, ``x[0]``,
``a if c else b``) and gives the fix. The messages only describe
the syntax tree; the whitelist itself is in :mod:`rosetta_sym.io.expressions`.
"""

from __future__ import annotations

import ast

__all__ = [
    "describe_binary_operator",
    "describe_comparison",
    "describe_syntax",
    "describe_unary_operator",
]

#: Message for each rejected kind of expression node, with its fix.
_SYNTAX = {
    ast.Attribute: "attribute access (x.name) is not allowed; use declared names",
    ast.Subscript: (
        "subscripts (x[0]) are not allowed; declare each state or parameter by name"
    ),
    ast.Lambda: (
        "lambda functions are not allowed; declare a function under [functions]"
    ),
    ast.IfExp: (
        "conditional expressions (a if c else b) are not allowed; use where(c, a, b)"
    ),
    ast.ListComp: "comprehensions are not allowed; write the terms out with +",
    ast.SetComp: "comprehensions are not allowed; write the terms out with +",
    ast.DictComp: "comprehensions are not allowed; write the terms out with +",
    ast.GeneratorExp: "comprehensions are not allowed; write the terms out with +",
    ast.List: "lists are not allowed; an expression is one number-valued formula",
    ast.Tuple: "tuples are not allowed; an expression is one number-valued formula",
    ast.Set: "sets are not allowed; an expression is one number-valued formula",
    ast.Dict: "dicts are not allowed; an expression is one number-valued formula",
    ast.JoinedStr: "f-strings are not allowed; write the formula itself",
    ast.NamedExpr: (
        "assignment expressions (:=) are not allowed; declare a parameter or an "
        "output instead"
    ),
    ast.Await: "'await' is not allowed; write a formula of numbers and names",
}

#: Message for each rejected binary operator, with its fix.
_BINARY = {
    ast.Mod: "'%' (remainder) is not allowed; rewrite the formula without it",
    ast.FloorDiv: "'//' (floor division) is not allowed; use / for division",
    ast.MatMult: "'@' (matrix product) is not allowed; use * for products",
    ast.LShift: "'<<' (bit shift) is not allowed; use * and ** instead",
    ast.RShift: "'>>' (bit shift) is not allowed; use / and ** instead",
    ast.BitOr: (
        "'|' is not a logical or in model expressions; write (a) or (b) inside where()"
    ),
    ast.BitAnd: (
        "'&' is not a logical and in model expressions; write (a) and (b) inside "
        "where()"
    ),
}

#: Symbols of rejected comparison operators.
_COMPARISON = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}


def _source(text: str, node: ast.AST) -> str:
    """Return the source of an operand, in brackets unless it is a single term."""
    segment = ast.get_source_segment(text, node) or "..."
    if isinstance(node, ast.Name | ast.Constant | ast.Call):
        return segment
    return f"({segment})"


def describe_syntax(node: ast.AST) -> str:
    """Return the reason an expression node is rejected, with the fix."""
    reason = _SYNTAX.get(type(node))
    if reason is not None:
        return reason
    return (
        "this syntax is not allowed; use numbers, declared names, + - * / ** and "
        "the listed functions"
    )


def describe_binary_operator(node: ast.BinOp, text: str) -> str:
    """Return the reason the operator of ``node`` is rejected, with the fix.

    ``text`` is the source of the whole expression. The fix for ``^`` is the
    fragment as written with ``**`` in place of ``^``, because ``^`` binds less
    tightly than ``*`` and the parse of ``2*x^2`` is not what its author meant.
    """
    if isinstance(node.op, ast.BitXor):
        fragment = ast.get_source_segment(text, node) or "x^2"
        fixed = fragment.replace("^", "**")
        return f"'^' is not a power in model expressions; write {fixed}"
    return _BINARY.get(type(node.op), "this operator is not allowed; use + - * / **")


def describe_unary_operator(node: ast.UnaryOp, text: str) -> str:
    """Return the reason the unary operator of ``node`` is rejected, with the fix."""
    if isinstance(node.op, ast.Not):
        return (
            "'not' is not allowed; write the opposite comparison, such as x >= 0 "
            "for not x < 0"
        )
    if isinstance(node.op, ast.Invert):
        operand = _source(text, node.operand)
        return f"'~' is not allowed; write -{operand} for the negative"
    return "only unary + and - are allowed"


def describe_comparison(operator: ast.cmpop) -> str:
    """Return the reason a comparison operator is rejected, with the fix."""
    symbol = _COMPARISON.get(type(operator))
    rejected = f"comparison '{symbol}'" if symbol else "this comparison"
    return (
        f"{rejected} is not allowed; use <, <=, > or >= comparisons inside "
        "where(), such as where(x > 0, x, 0)"
    )
