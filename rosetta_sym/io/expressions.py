"""Safe parsing and printing of model expressions.

Model files hold expressions as text. They are parsed with :mod:`ast` and a
whitelist: numbers, declared names, ``+ - * / **``, comparisons inside
``where``, and a fixed set of functions. Nothing is evaluated by Python, and
SymPy's ``sympify`` never sees file text, so a model file cannot run code.

:class:`ModelExpressionPrinter` prints expressions back in the same grammar, so
writing a model and reading it again gives the same expression trees.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

import sympy as sp
from sympy.printing.str import StrPrinter

from rosetta_sym.model.functions import AuxiliaryFunction, logistic

__all__ = ["ExpressionError", "parse_expression", "print_expression", "FUNCTIONS"]

#: Maximum length of one expression in a model file, in characters.
MAX_EXPRESSION_LENGTH = 20_000


def _where(condition, if_true, if_false):
    return sp.Piecewise((if_true, condition), (if_false, True))


#: Functions a model file may call: name -> (SymPy constructor, number of arguments).
FUNCTIONS: dict[str, tuple[Callable, int]] = {
    "exp": (sp.exp, 1),
    "log": (sp.log, 1),
    "sqrt": (sp.sqrt, 1),
    "sin": (sp.sin, 1),
    "cos": (sp.cos, 1),
    "tan": (sp.tan, 1),
    "tanh": (sp.tanh, 1),
    "sinh": (sp.sinh, 1),
    "cosh": (sp.cosh, 1),
    "atan": (sp.atan, 1),
    "atan2": (sp.atan2, 2),
    "abs": (sp.Abs, 1),
    "Abs": (sp.Abs, 1),
    "Min": (sp.Min, 2),
    "Max": (sp.Max, 2),
    "Heaviside": (sp.Heaviside, 1),
    "logistic": (logistic, 1),
    "where": (_where, 3),
}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}

_COMPARE = {
    ast.Lt: sp.StrictLessThan,
    ast.LtE: sp.LessThan,
    ast.Gt: sp.StrictGreaterThan,
    ast.GtE: sp.GreaterThan,
}


class ExpressionError(ValueError):
    """An expression in a model file is malformed or not allowed."""


class _Parser:
    def __init__(self, where, text, names, functions):
        self.where = where
        self.text = text
        self.names = names
        self.functions = functions

    def fail(self, node: ast.AST | None, reason: str) -> ExpressionError:
        fragment = ast.get_source_segment(self.text, node) if node is not None else None
        shown = f" in {fragment!r}" if fragment and fragment != self.text else ""
        return ExpressionError(
            f"{self.where}: {reason}{shown} (expression: {self.text!r})"
        )

    def visit(self, node: ast.AST):
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self.fail(
                node,
                f"{type(node).__name__.lower()} syntax is not allowed; use numbers, "
                "declared names, + - * / ** and the listed functions",
            )
        return method(node)

    def visit_Expression(self, node):
        return self.visit(node.body)

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(node, f"constant {value!r} is not a number")
        if isinstance(value, int):
            return sp.Integer(value)
        # Exact rational of the literal as written, so printing round-trips.
        segment = ast.get_source_segment(self.text, node) or repr(value)
        try:
            return sp.Rational(segment.replace("_", ""))
        except (TypeError, ValueError):
            return sp.Rational(repr(value))

    def visit_Name(self, node):
        name = node.id
        if name.startswith("__") or name.startswith("_"):
            raise self.fail(node, f"name {name!r} is not allowed (leading underscore)")
        if name == "pi":
            return sp.pi
        if name in self.names:
            return self.names[name]
        if name in FUNCTIONS or name in self.functions:
            raise self.fail(node, f"function {name!r} must be called with arguments")
        raise self.fail(
            node,
            f"name {name!r} is not a declared state, parameter, input or function; "
            "declare it or fix the spelling",
        )

    def visit_UnaryOp(self, node):
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise self.fail(node, "only unary + and - are allowed")

    def visit_BinOp(self, node):
        operation = _BINARY.get(type(node.op))
        if operation is None:
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            raise self.fail(node, f"operator {type(node.op).__name__} is not allowed{hint}")
        return operation(self.visit(node.left), self.visit(node.right))

    def visit_Compare(self, node):
        if len(node.ops) != 1:
            raise self.fail(node, "chained comparisons are not allowed")
        relation = _COMPARE.get(type(node.ops[0]))
        if relation is None:
            raise self.fail(node, "only <, <=, > and >= comparisons are allowed")
        return relation(self.visit(node.left), self.visit(node.comparators[0]))

    def visit_BoolOp(self, node):
        values = [self.visit(v) for v in node.values]
        return sp.And(*values) if isinstance(node.op, ast.And) else sp.Or(*values)

    def visit_Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only calls of listed or declared functions are allowed")
        if node.keywords:
            raise self.fail(node, "keyword arguments are not allowed")
        name = node.func.id
        if name in self.functions:
            constructor = self.functions[name]
            arity = len(constructor._arguments)
        elif name in FUNCTIONS:
            constructor, arity = FUNCTIONS[name]
        else:
            raise self.fail(
                node,
                f"function {name!r} is not allowed; use one of "
                f"{', '.join(sorted(FUNCTIONS))} or declare it under [functions]",
            )
        if len(node.args) != arity:
            raise self.fail(node, f"{name} takes {arity} argument(s), got {len(node.args)}")
        arguments = [self.visit(a) for a in node.args]
        return constructor(*arguments)


def parse_expression(
    text: str,
    names: Mapping[str, sp.Symbol],
    functions: Mapping[str, type[AuxiliaryFunction]] | None = None,
    where: str = "expression",
) -> sp.Expr:
    """Parse ``text`` into a SymPy expression using only whitelisted syntax.

    Parameters
    ----------
    text : str
        Expression such as ``"mu*x - omega*y"``.
    names : mapping
        Symbols that ``text`` may use, by name.
    functions : mapping, optional
        Declared auxiliary functions by name.
    where : str
        Location used in error messages, such as ``"equations.x"``.

    Raises
    ------
    ExpressionError
        If the text is not valid syntax or uses anything not whitelisted.
    """
    if not isinstance(text, str):
        raise ExpressionError(f"{where}: expected an expression string, got {text!r}")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(
            f"{where}: expression is {len(text)} characters long, more than the "
            f"{MAX_EXPRESSION_LENGTH} allowed"
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(
            f"{where}: invalid expression {text!r}: {error.msg}"
        ) from None
    parser = _Parser(where, text.strip(), dict(names), dict(functions or {}))
    result = parser.visit(tree)
    if not isinstance(result, sp.Expr):
        raise ExpressionError(f"{where}: {text!r} is a condition, not an expression")
    return result


class ModelExpressionPrinter(StrPrinter):
    """Print expressions in the model-file grammar that :func:`parse_expression` reads."""

    def _print_Piecewise(self, expr):
        pieces = list(expr.args)
        result = None
        if pieces[-1].cond == sp.true:
            result = self._print(pieces.pop().expr)
        else:
            raise ExpressionError(
                f"cannot write {expr}: a Piecewise needs a default branch"
            )
        for value, condition in reversed(pieces):
            result = f"where({self._print(condition)}, {self._print(value)}, {result})"
        return result

    def _print_Heaviside(self, expr):
        if len(expr.args) > 1 and expr.args[1] != sp.S.Half:
            raise ExpressionError(
                f"cannot write {expr}: model files use Heaviside(0) = 1/2"
            )
        return f"Heaviside({self._print(expr.args[0])})"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_Relational(self, expr):
        if expr.rel_op not in ("<", "<=", ">", ">="):
            raise ExpressionError(f"cannot write the relation {expr}")
        left = self.parenthesize(expr.lhs, 0)
        right = self.parenthesize(expr.rhs, 0)
        return f"{left} {expr.rel_op} {right}"

    def _print_And(self, expr):
        return " and ".join(f"({self._print(a)})" for a in expr.args)

    def _print_Or(self, expr):
        return " or ".join(f"({self._print(a)})" for a in expr.args)

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Pi(self, expr):
        return "pi"


def print_expression(expr: sp.Expr) -> str:
    """Print ``expr`` in the model-file grammar."""
    return ModelExpressionPrinter().doprint(expr)
