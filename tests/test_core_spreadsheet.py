import pytest

from meetfirst.core.spreadsheet import safe_cell


@pytest.mark.parametrize("value", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_that_could_start_a_formula_gets_a_leading_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    ("value", "expected"), [("Ana", "Ana"), (12, "12"), (None, ""), (True, "yes"), ("a=b", "a=b")]
)
def test_other_cells_are_left_as_they_are(value, expected):
    assert safe_cell(value) == expected
