"""Messages for rejected model-file syntax: the text as written and the fix."""

from __future__ import annotations

import ast

import pytest
import sympy as sp

from rosetta_sym.io import ExpressionError, parse_expression

NAMES = {name: sp.Symbol(name, real=True) for name in ("x", "y", "mu")}

#: Compound class names of the syntax tree (BitXor, IfExp, ListComp, ...), which
#: mean nothing to the author of a model file.
AST_CLASS_NAMES = {
    name.lower()
    for name, value in vars(ast).items()
    if isinstance(value, type)
    and issubclass(value, ast.AST)
    and len(name) >= 5
    and any(c.isupper() for c in name[1:])
}

REJECTED = [
    ("x^2", "'^' is not a power in model expressions; write x**2"),
    ("2*x^y", "write 2*x**y"),
    ("x if mu else y", "conditional expressions (a if c else b)"),
    ("x if mu else y", "use where(c, a, b)"),
    ("x % 2", "'%' (remainder) is not allowed"),
    ("x // 2", "'//' (floor division) is not allowed; use /"),
    ("x @ y", "'@' (matrix product) is not allowed; use *"),
    ("x << 1", "'<<' (bit shift)"),
    ("where((x > 0) | (y > 0), 1, 0)", "write (a) or (b) inside where()"),
    ("where((x > 0) & (y > 0), 1, 0)", "write (a) and (b) inside where()"),
    ("where(not x > 0, 1, 0)", "write the opposite comparison"),
    ("~x", "write -x"),
    ("x == y", "comparison '==' is not allowed"),
    ("where(x != y, 1, 0)", "comparison '!=' is not allowed"),
    ("where(x is y, 1, 0)", "comparison 'is' is not allowed"),
    ("where(0 < x < 1, 1, 0)", "write (0 < x) and (x < 1)"),
    ("x[0]", "subscripts (x[0]) are not allowed"),
    ("x.real", "attribute access (x.name) is not allowed"),
    ("[q for q in x]", "comprehensions are not allowed"),
    ("(q for q in x)", "comprehensions are not allowed"),
    ("(x, y)", "tuples are not allowed"),
    ("[x]", "lists are not allowed"),
    ("{x: 1}", "dicts are not allowed"),
    ("(x := 1)", "assignment expressions (:=) are not allowed"),
    ("f'{x}'", "f-strings are not allowed"),
    ("lambda q: q", "lambda functions are not allowed"),
    ("exp(x=1)", "pass arguments by position"),
    ("x.conjugate()", "call a function by its name"),
    ("1j", "constant 1j is not a number"),
]


@pytest.mark.parametrize("text, expected", REJECTED)
def test_rejected_syntax_message(text, expected):
    with pytest.raises(ExpressionError) as error:
        parse_expression(text, NAMES, where="equations.x")

    message = str(error.value)
    assert message.startswith("equations.x: ")
    assert expected in message
    assert repr(text) in message


@pytest.mark.parametrize("text", sorted({text for text, _ in REJECTED}))
def test_message_has_no_ast_class_name(text):
    with pytest.raises(ExpressionError) as error:
        parse_expression(text, NAMES, where="equations.x")

    reason = str(error.value).split("(expression:")[0].lower()
    named = {name for name in AST_CLASS_NAMES if name in reason}
    assert not named


def test_fragment_named_inside_larger_expression():
    with pytest.raises(ExpressionError) as error:
        parse_expression("mu + where(not x > 0, 1, 0)", NAMES, where="equations.x")

    assert "equations.x: 'not x > 0': 'not' is not allowed" in str(error.value)
