import pytest

from factcheck.graph.names import is_near_miss


@pytest.mark.parametrize(("a", "b"), [
    ("Hamid Karzai International Airport", "Hami Karzai International Airport"),
    ("Jomo Kenyatta International Airport", "Jomo Kenyata International Airport"),
    ("Federal Emergency Managment Agency", "Federal Emergency Management Agency"),
])
def test_near_miss_spellings_are_variants(a: str, b: str) -> None:
    assert is_near_miss(a, b)


@pytest.mark.parametrize(("a", "b"), [
    ("Iran", "Iraq"),  # single words: never by spelling alone
    ("Austria", "Australia"),
    ("John Smith", "Jane Smith"),  # two people who share a surname
    ("Bank of England", "Bank of Ireland"),  # one word differs a lot
    ("North Carolina State University", "South Carolina State University"),
    ("Lake Victoria Basin", "Lake Victoria Basin"),  # identical is not a variant
])
def test_distinct_names_are_not_variants(a: str, b: str) -> None:
    assert not is_near_miss(a, b)
