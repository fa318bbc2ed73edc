import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.extract.pipeline import extract_document
from factcheck.graph.namematch import NameMatcher
from factcheck.graph.names import _near_miss_pairs, _UnionFind, is_near_miss, overlooked_names
from factcheck.model import Document
from factcheck.ruledata import load_rule_data


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


_WORDS = ["Jomo", "jomo", "Joma", "Kenyatta", "Kenyata", "KENYATTA", "Kenyattta", "Kenya",
          "Airport", "Airpot", "Aiport", "Straße", "Strasse", "of", "Bank", "Banks", "Iran",
          "Iraq", "Ivan"]


@given(st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3), max_size=25))
def test_near_miss_pairs_are_all_pairs_is_near_miss_accepts(word_lists: list[list[str]]) -> None:
    names = sorted({" ".join(words) for words in word_lists})
    every_pair = {(a, b) for a, b in itertools.combinations(names, 2) if is_near_miss(a, b)}
    assert _near_miss_pairs(names) == every_pair


def _name_fact(source: str, name: str, kind: str = "person"):  # type: ignore[no-untyped-def]
    from factcheck.model import Fact

    return Fact(id=f"{source}:{name}", source=source, kind="name", entity=name,
                attribute="name", value=name, context={"kind": kind, "aliases": []})


def test_surname_alone_joins_the_one_person_named_in_full_in_that_document() -> None:
    from factcheck.graph.names import build_name_index
    from factcheck.ruledata import load_rule_data

    facts = [_name_fact("a", "Maria Lopez"), _name_fact("a", "Lopez"),
             _name_fact("b", "Carlos Ortega"), _name_fact("b", "Ana Ortega"),
             _name_fact("b", "Ortega")]
    index = build_name_index(facts, load_rule_data())
    assert index.canonical("Lopez") == "Maria Lopez"
    assert index.canonical("Ortega") == "Ortega"  # two Ortegas in b: ambiguous, kept apart
    # A bare "Lopez" in a document that never names Maria Lopez may be someone else.
    elsewhere = build_name_index([*facts, _name_fact("c", "Lopez")], load_rule_data())
    assert elsewhere.canonical("Lopez") == "Lopez"


ids = st.sampled_from("abcdefghij")


@given(st.lists(st.tuples(ids, ids), max_size=8), ids, st.lists(ids, max_size=8))
def test_union_all_is_a_union_with_each(before: list[tuple[str, str]], first: str,
                                        others: list[str]) -> None:
    one_by_one, at_once = _UnionFind(), _UnionFind()
    for a, b in before:
        one_by_one.union(a, b)
        at_once.union(a, b)
    for other in others:
        one_by_one.union(first, other)
    at_once.union_all(first, others)
    assert {x: one_by_one.find(x) for x in "abcdefghij"} == {
        x: at_once.find(x) for x in "abcdefghij"}


def _overlooked(*texts: str) -> list[str]:
    data = load_rule_data()
    docs = {f"d{i}": Document(id=f"d{i}", path=f"d{i}.txt", text=text)
            for i, text in enumerate(texts)}
    extractions = {source: extract_document(doc, data) for source, doc in docs.items()}
    return [f.text for f in overlooked_names(docs, extractions, NameMatcher(data.names))]


_NAMING = ("Quay plan backed\n\nMayor Helga Strandvik opened the works on Monday.\n"
           "Strandvk told reporters the quay would be finished in May.\n")


def test_a_name_misspelt_at_a_sentence_start_is_a_name() -> None:
    assert _overlooked(_NAMING) == ["Strandvk"]
    # a lower-case word inside a longer word or a hyphenated one is no use of it
    assert _overlooked(_NAMING, "The strandvkers and the pre-strandvk rules.\n") == ["Strandvk"]


def test_a_word_another_text_uses_in_lower_case_is_no_name() -> None:
    assert _overlooked(_NAMING, "A strandvk is a kind of boat shed.\n") == []
