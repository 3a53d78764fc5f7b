"""TOML model files: round trips, hashes, hostile files and the documented example."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from rosetta_sym import ladder
from rosetta_sym.io import (
    ExpressionError,
    ModelFileError,
    dump_model,
    dumps_model,
    load_model,
    loads_model,
    parse_expression,
)
from rosetta_sym.io.toml_model import MAX_FILE_SIZE

DOCS = Path(__file__).resolve().parent.parent / "docs"

#: A small valid file; hostile tests replace one line of it.
BASE_FILE = """\
name = "focus"
time_unit = "1"

[states.x]
initial = 0.1

[states.y]
initial = 0.0

[parameters.mu]
value = -1.0

[parameters.omega]
value = 2.0
unit = "rad"
min = 0.0

[inputs.F]

[equations]
x = "mu*x - omega*y + F"
y = "omega*x + mu*y"
"""


def with_equation(text: str) -> str:
    """Return the base file with ``x = text`` as the x equation (TOML literal)."""
    return BASE_FILE.replace('x = "mu*x - omega*y + F"', f"x = {text}")


# ----------------------------------------------------------------------
# Round trips and hashes
# ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ladder.names())
def test_round_trip_keeps_hash_and_text(name):
    model = ladder.get(name)
    text = dumps_model(model)

    loaded = loads_model(text)

    assert loaded.hash == model.hash
    assert dumps_model(loaded) == text
    assert loaded.presets == model.presets
    assert loaded.references == model.references


@pytest.mark.parametrize("name", ladder.names())
def test_hash_stable_across_builds(name):
    module_name, function_name = ladder.builder(name)
    module = importlib.import_module(f"rosetta_sym.ladder.{module_name}")
    builder = getattr(module, function_name)
    assert builder().hash == builder().hash


def test_file_round_trip(tmp_path):
    model = ladder.get("ping")
    path = dump_model(model, tmp_path / "ping.toml")
    assert load_model(path).hash == model.hash


def test_hash_changes_with_equation():
    original = loads_model(BASE_FILE)
    changed = loads_model(BASE_FILE.replace("omega*x + mu*y", "omega*x + 2*mu*y"))
    assert changed.hash != original.hash


def test_hash_changes_with_default():
    original = loads_model(BASE_FILE)
    changed = loads_model(BASE_FILE.replace("value = -1.0", "value = -1.5"))
    assert changed.hash != original.hash


def test_hash_ignores_description():
    original = loads_model(BASE_FILE)
    described = loads_model(
        BASE_FILE.replace(
            'time_unit = "1"\n', 'time_unit = "1"\ndescription = "a focus"\n'
        )
    )
    assert described.hash == original.hash


def test_decimal_literal_is_exact():
    a = loads_model(with_equation('"0.8*x"'))
    b = loads_model(with_equation('"4/5*x"'))
    assert a.hash == b.hash


def test_documented_example_loads():
    text = (DOCS / "writing-a-model-file.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", text, re.DOTALL).group(1)

    model = loads_model(block, source="docs example")

    assert model.name == "shifted_stuart_landau"
    assert model.state_names == ("x", "y")
    assert model.parameter_names == ("mu", "omega", "c")
    assert model.coupling.kind == "diffusive"
    assert loads_model(dumps_model(model)).hash == model.hash


# ----------------------------------------------------------------------
# Hostile and malformed files: the error names the key and the text
# ----------------------------------------------------------------------
HOSTILE_EXPRESSIONS = [
    ("x.__class__", "attribute"),
    ("__import__('os')", "'__import__'"),
    ("__import__('os').system('true')", "calls"),
    ("__builtins__", "'__builtins__'"),
    ("x.__class__.__mro__", "attribute"),
    ("(lambda: 1)()", "calls"),
    ("lambda q: q", "lambda"),
    ("x[0]", "subscript"),
    ("[q for q in x]", "comprehensions"),
    ("{q: 1 for q in x}", "comprehensions"),
    ("exp(x=1)", "keyword arguments"),
    ("x^2", "**"),
    ("open('/etc/passwd')", "'open'"),
    ("eval('1')", "'eval'"),
    ("getattr(x, 'y')", "'getattr'"),
    ("2**10**10", "exponent"),
    ("x**100000", "exponent"),
    ("(9**999)**999", "bits"),
    ("1e999", "finite"),
    ("'text'", "not a number"),
    ("x if mu else y", "conditional expressions"),
    ("x == y", "comparisons"),
    ("x + (x > 0)", "condition"),
    ("where(x, 1, 0)", "comparison"),
    ("exp(x, y)", "argument"),
    ("exp", "must be called"),
    ("x := 1", "invalid expression"),
    ("-" * 15000 + "x", "nested too deeply"),
]


@pytest.mark.parametrize("expression, reason", HOSTILE_EXPRESSIONS)
def test_hostile_expression_rejected(expression, reason):
    text = with_equation(f"'''{expression}'''")

    with pytest.raises(ModelFileError) as error:
        loads_model(text, source="hostile.toml")

    message = str(error.value)
    assert message.startswith("hostile.toml: equations.x: ")
    assert reason in message
    assert expression[:60] in message


@pytest.mark.parametrize("literal", ["5", "1.5", "true", "[1, 2]", "{ a = 1 }"])
def test_non_string_expression_rejected(literal):
    with pytest.raises(
        ModelFileError, match="equations.x: expected an expression string"
    ):
        loads_model(with_equation(literal))


def test_hostile_function_body_rejected():
    text = (
        BASE_FILE
        + """
[functions.sigma]
arguments = ["u"]
expression = "u.__class__"
"""
    )
    with pytest.raises(ModelFileError, match="functions.sigma.expression") as error:
        loads_model(text)
    assert "u.__class__" in str(error.value)


def test_hostile_output_rejected():
    text = BASE_FILE + "\n[outputs]\npower = \"__import__('os')\"\n"
    with pytest.raises(ModelFileError, match="outputs.power") as error:
        loads_model(text)
    assert "__import__" in str(error.value)


def test_hostile_coupling_source_rejected():
    text = (
        BASE_FILE
        + '\n[coupling]\nkind = "additive"\nsource = ["x[0]"]\ntarget = ["F"]\n'
    )
    with pytest.raises(ModelFileError, match=r"coupling.source\[0\]"):
        loads_model(text)


def test_dunder_state_name_rejected():
    text = BASE_FILE.replace("[states.y]", "[states.__class__]").replace(
        "y = ", "__class__ = "
    )
    with pytest.raises(ModelFileError, match="'__class__'"):
        loads_model(text)


def test_huge_text_rejected():
    text = BASE_FILE + "# " + "x" * MAX_FILE_SIZE + "\n"
    with pytest.raises(ModelFileError, match="larger than"):
        loads_model(text, source="huge.toml")


def test_huge_file_rejected_before_reading(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(BASE_FILE + "# " + "x" * MAX_FILE_SIZE + "\n")
    with pytest.raises(ModelFileError, match="huge.toml: file is larger than"):
        load_model(path)


def test_huge_expression_rejected():
    long_sum = "+".join(["x"] * 12000)
    with pytest.raises(ModelFileError, match="equations.x: expression is 23999 char"):
        loads_model(with_equation(f'"{long_sum}"'))


def test_deep_expression_rejected():
    long_sum = "+".join(["x"] * 8000)
    with pytest.raises(ModelFileError, match="equations.x: .* nested too deeply"):
        loads_model(with_equation(f'"{long_sum}"'))


def test_long_sum_within_limit_parses():
    long_sum = "+".join(["x"] * 1500)
    model = loads_model(with_equation(f'"{long_sum}"'))
    assert model.equations["x"] == 1500 * model.symbols["x"]


def test_missing_file_names_path(tmp_path):
    with pytest.raises(ModelFileError, match="missing.toml"):
        load_model(tmp_path / "missing.toml")


def test_invalid_toml():
    with pytest.raises(ModelFileError, match="bad.toml: invalid TOML"):
        loads_model("name = \n", source="bad.toml")


def test_unknown_top_level_key():
    with pytest.raises(ModelFileError, match="'equation'"):
        loads_model(BASE_FILE + '\n[equation]\nx = "x"\n')


def test_unknown_parameter_key():
    text = BASE_FILE.replace('unit = "rad"', 'unit = "rad"\nmaximum = 3.0')
    with pytest.raises(ModelFileError, match="parameters.omega: unknown key 'maximum'"):
        loads_model(text)


def test_missing_equations_table():
    text = BASE_FILE[: BASE_FILE.index("[equations]")]
    with pytest.raises(ModelFileError, match=r"\[equations\]"):
        loads_model(text)


def test_missing_equation_names_state():
    text = BASE_FILE.replace('y = "omega*x + mu*y"\n', "")
    with pytest.raises(ModelFileError, match="state 'y' has no equation"):
        loads_model(text)


def test_undeclared_name_in_equation():
    with pytest.raises(ModelFileError, match="name 'kappa'"):
        loads_model(with_equation('"kappa*x"'))


def test_parameter_value_not_a_number():
    text = BASE_FILE.replace("value = -1.0", 'value = "minus one"')
    with pytest.raises(ModelFileError, match="parameters.mu.value"):
        loads_model(text)


def test_parameter_value_not_finite():
    text = BASE_FILE.replace("value = -1.0", "value = nan")
    with pytest.raises(ModelFileError, match="parameters.mu.value"):
        loads_model(text)


def test_bound_violation_in_file():
    text = BASE_FILE.replace("value = 2.0", "value = -2.0")
    with pytest.raises(ModelFileError, match="'omega'"):
        loads_model(text)


def test_input_entry_must_be_table():
    text = BASE_FILE.replace("[inputs.F]\n", '[inputs]\nF = "forcing"\n')
    with pytest.raises(ModelFileError, match="inputs.F"):
        loads_model(text)


def test_references_must_be_array_of_tables():
    text = 'references = "Jansen"\n' + BASE_FILE
    with pytest.raises(ModelFileError, match="'references'"):
        loads_model(text)


def test_forcing_input_must_be_string():
    text = "forcing_input = 3\n" + BASE_FILE
    with pytest.raises(ModelFileError, match="forcing_input"):
        loads_model(text)


def test_bad_time_unit_in_file():
    with pytest.raises(ModelFileError, match="time unit 'hours'"):
        loads_model(BASE_FILE.replace('time_unit = "1"', 'time_unit = "hours"'))


def test_parser_rejects_non_string_directly():
    with pytest.raises(ExpressionError, match="here: expected an expression string"):
        parse_expression(3, {}, where="here")


def test_name_changed_by_nfkc_rejected():
    # The ligature U+FB01 reads as "fi" once Python normalises identifiers,
    # so it would silently alias the parameter fi.
    text = """
name = "alias"
[states.x]
initial = 0.0
[parameters."\ufb01"]
value = 1.0
[parameters.fi]
value = 2.0
[equations]
x = "-fi*x + fi"
"""
    with pytest.raises(ModelFileError, match="NFKC"):
        loads_model(text)


def test_lower_bound_above_upper_rejected():
    text = """
name = "bounds"
[states.x]
initial = 0.0
[parameters.k]
value = 5.0
min = 10.0
max = 1.0
[equations]
x = "-k*x"
"""
    with pytest.raises(ModelFileError, match="lower bound 10.0 is above upper"):
        loads_model(text)
