"""Safe parsing and printing of model expressions.

Model files hold expressions as text. They are parsed with :mod:`ast` and a
whitelist: numbers, declared names, ``+ - * / **``, comparisons inside
``where``, and a fixed set of functions. Nothing is evaluated by Python, and
SymPy's ``sympify`` never sees file text, so a model file cannot run code.
Exponents and the size of exact numbers are limited, so that a hostile file
cannot make SymPy compute a number with billions of digits.

:class:`ModelExpressionPrinter` prints expressions back in the same grammar, so
writing a model and reading it again gives the same expression trees.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping

import sympy as sp
from sympy.printing.str import StrPrinter

from rosetta_sym.io.unsupported_syntax import (
    describe_binary_operator,
    describe_comparison,
    describe_syntax,
    describe_unary_operator,
)
from rosetta_sym.model.functions import AuxiliaryFunction, logistic

__all__ = ["ExpressionError", "parse_expression", "print_expression", "FUNCTIONS"]

#: Maximum length of one expression in a model file, in characters.
MAX_EXPRESSION_LENGTH = 20_000

#: Largest absolute exponent accepted in ``a**b``. Neural mass models use small
#: integer and half-integer powers, and a huge exponent could stall SymPy.
MAX_EXPONENT = 1_000

#: Largest exact number that ``a**b`` may produce from two numbers, in bits.
MAX_POWER_BITS = 100_000


def _where(condition, if_true, if_false):
    return sp.Piecewise((if_true, condition), (if_false, True))


#: Functions a model file may call: name -> (SymPy constructor, minimum and
#: maximum number of arguments; ``None`` means no maximum).
FUNCTIONS: dict[str, tuple[Callable, int, int | None]] = {
    "exp": (sp.exp, 1, 1),
    "log": (sp.log, 1, 1),
    "sqrt": (sp.sqrt, 1, 1),
    "sin": (sp.sin, 1, 1),
    "cos": (sp.cos, 1, 1),
    "tan": (sp.tan, 1, 1),
    "tanh": (sp.tanh, 1, 1),
    "sinh": (sp.sinh, 1, 1),
    "cosh": (sp.cosh, 1, 1),
    "atan": (sp.atan, 1, 1),
    "atan2": (sp.atan2, 2, 2),
    "abs": (sp.Abs, 1, 1),
    "Abs": (sp.Abs, 1, 1),
    "sign": (sp.sign, 1, 1),
    "Min": (sp.Min, 2, None),
    "Max": (sp.Max, 2, None),
    # Heaviside(x) has the value 1/2 at x = 0; Heaviside(x, h0) sets it to h0.
    "Heaviside": (sp.Heaviside, 1, 2),
    "logistic": (logistic, 1, 1),
    "where": (_where, 3, 3),
}

_ADDITIVE = (ast.Add, ast.Sub)
_MULTIPLICATIVE = (ast.Mult, ast.Div)

_COMPARE = {
    ast.Lt: sp.StrictLessThan,
    ast.LtE: sp.LessThan,
    ast.Gt: sp.StrictGreaterThan,
    ast.GtE: sp.GreaterThan,
}


class ExpressionError(ValueError):
    """An expression in a model file is malformed or not allowed."""


def _bits(number: sp.Rational) -> int:
    return max(abs(int(number.p)).bit_length(), abs(int(number.q)).bit_length())


class _Parser:
    def __init__(self, where, text, names, functions):
        self.where = where
        self.text = text
        self.names = names
        self.functions = functions

    def fail(self, node: ast.AST | None, reason: str) -> ExpressionError:
        fragment = ast.get_source_segment(self.text, node) if node is not None else None
        prefix = f"{fragment!r}: " if fragment and fragment != self.text else ""
        return ExpressionError(
            f"{self.where}: {prefix}{reason} (expression: {self.text!r})"
        )

    def visit(self, node: ast.AST):
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self.fail(node, describe_syntax(node))
        return method(node)

    def expression(self, node: ast.AST) -> sp.Expr:
        """Visit ``node`` and check that it is a number-valued expression."""
        result = self.visit(node)
        if not isinstance(result, sp.Expr):
            raise self.fail(
                node, "a condition is only allowed as the first argument of where()"
            )
        return result

    def condition(self, node: ast.AST) -> sp.Basic:
        """Visit ``node`` and check that it is a condition (comparison, and, or)."""
        result = self.visit(node)
        if isinstance(result, sp.Expr):
            raise self.fail(node, "expected a comparison such as 'x > 0'")
        return result

    def visit_Expression(self, node):
        return self.visit(node.body)

    def visit_Constant(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(
                node, f"constant {value!r} is not a number; write a real number"
            )
        if isinstance(value, int):
            return sp.Integer(value)
        if not math.isfinite(value):
            raise self.fail(node, "number is too large to be a finite float")
        # The exact rational of the float's shortest repr, as on declaration in
        # Python. This also bounds the size of literals such as 1e-999999.
        return sp.Rational(repr(value))

    def visit_Name(self, node):
        name = node.id
        if name.startswith("_"):
            raise self.fail(
                node,
                f"name {name!r} is not allowed (leading underscore); declare and "
                "use a name that starts with a letter",
            )
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
        if isinstance(node.op, ast.USub):
            return -self.expression(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.expression(node.operand)
        raise self.fail(node, describe_unary_operator(node, self.text))

    def visit_BinOp(self, node):
        if isinstance(node.op, _ADDITIVE):
            terms = [
                term if isinstance(op, ast.Add) else -term
                for op, term in self.chain(node, _ADDITIVE)
            ]
            return sp.Add(*terms)
        if isinstance(node.op, _MULTIPLICATIVE):
            factors = [
                factor if isinstance(op, ast.Mult) else 1 / factor
                for op, factor in self.chain(node, _MULTIPLICATIVE)
            ]
            return sp.Mul(*factors)
        if isinstance(node.op, ast.Pow):
            return self.power(node)
        raise self.fail(node, describe_binary_operator(node, self.text))

    def chain(self, node, operators):
        """Return ``(operator, operand)`` pairs of a left-leaning chain ``a + b - c``.

        The chain is walked in a loop, so a long sum does not reach Python's
        recursion limit. The first operand gets ``ast.Add()`` or ``ast.Mult()``.
        """
        pairs = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, operators):
            pairs.append((node.op, node.right))
            node = node.left
        first = ast.Add() if operators is _ADDITIVE else ast.Mult()
        pairs.append((first, node))
        pairs.reverse()
        return [(op, self.expression(operand)) for op, operand in pairs]

    def power(self, node):
        base = self.expression(node.left)
        exponent = self.expression(node.right)
        if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
            raise self.fail(
                node,
                f"exponent {exponent} is larger in magnitude than the "
                f"{MAX_EXPONENT} allowed",
            )
        if base.is_Rational and exponent.is_Rational:
            if _bits(base) * abs(exponent) > MAX_POWER_BITS:
                raise self.fail(
                    node, f"the power is a number of more than {MAX_POWER_BITS} bits"
                )
        return base**exponent

    def visit_Compare(self, node):
        if len(node.ops) != 1:
            raise self.fail(
                node,
                "chained comparisons such as 0 < x < 1 are not allowed; write "
                "(0 < x) and (x < 1)",
            )
        relation = _COMPARE.get(type(node.ops[0]))
        if relation is None:
            raise self.fail(node, describe_comparison(node.ops[0]))
        left = self.expression(node.left)
        right = self.expression(node.comparators[0])
        return relation(left, right)

    def visit_BoolOp(self, node):
        values = [self.condition(v) for v in node.values]
        return sp.And(*values) if isinstance(node.op, ast.And) else sp.Or(*values)

    def visit_Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise self.fail(
                node,
                "only calls of listed or declared functions are allowed; call a "
                "function by its name, such as exp(x)",
            )
        if node.keywords:
            raise self.fail(
                node,
                "keyword arguments are not allowed; pass arguments by position, "
                "such as Heaviside(x, 0.5)",
            )
        name = node.func.id
        if name in self.functions:
            constructor = self.functions[name]
            minimum = maximum = len(constructor._arguments)
        elif name in FUNCTIONS:
            constructor, minimum, maximum = FUNCTIONS[name]
        else:
            raise self.fail(
                node,
                f"function {name!r} is not allowed; use one of "
                f"{', '.join(sorted(FUNCTIONS))} or declare it under [functions]",
            )
        count = len(node.args)
        if count < minimum or (maximum is not None and count > maximum):
            if minimum == maximum:
                expected = str(minimum)
            else:
                expected = f"{minimum} to {maximum or 'any'}"
            raise self.fail(node, f"{name} takes {expected} argument(s), got {count}")
        if name == "where":
            arguments = [self.condition(node.args[0])]
            arguments += [self.expression(a) for a in node.args[1:]]
        else:
            arguments = [self.expression(a) for a in node.args]
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
    text = text.strip()
    if not text:
        raise ExpressionError(
            f'{where}: the expression is empty; write a formula such as "-x"'
        )
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise ExpressionError(
            f"{where}: invalid expression {text!r}: {error.msg}"
        ) from None
    except (RecursionError, MemoryError):
        raise ExpressionError(
            f"{where}: expression {text[:80]!r}... is nested too deeply to parse"
        ) from None

    parser = _Parser(where, text, dict(names), dict(functions or {}))
    try:
        result = parser.visit(tree)
    except RecursionError:
        raise ExpressionError(
            f"{where}: expression {text[:80]!r}... is nested too deeply to parse"
        ) from None
    except ExpressionError:
        raise
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ExpressionError(f"{where}: cannot build {text!r}: {error}") from None

    if not isinstance(result, sp.Expr):
        raise ExpressionError(f"{where}: {text!r} is a condition, not an expression")
    return result


class ModelExpressionPrinter(StrPrinter):
    """Printer of expressions in the model-file grammar of :func:`parse_expression`."""

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
        argument = self._print(expr.args[0])
        if len(expr.args) > 1 and expr.args[1] != sp.S.Half:
            return f"Heaviside({argument}, {self._print(expr.args[1])})"
        return f"Heaviside({argument})"

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

    def _print_Exp1(self, expr):
        # "E" would read back as a state or parameter named E.
        return "exp(1)"

    def _print_ImaginaryUnit(self, expr):
        raise ExpressionError(f"cannot write {expr}: model expressions are real")

    def _print_NumberSymbol(self, expr):
        raise ExpressionError(
            f"cannot write the constant {expr}: model files support only pi and exp(1)"
        )


def print_expression(expr: sp.Expr) -> str:
    """Print ``expr`` in the model-file grammar."""
    return ModelExpressionPrinter().doprint(expr)
