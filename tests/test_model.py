"""The stage dataclasses: a fact's id, made when read unless given."""

import pickle

from factcheck.model import Fact


def _fact(fact_id: str | None) -> Fact:
    return Fact(fact_id, "src-1", "quantity", "flood", "deaths", 12.0,  # type: ignore[arg-type]
                start=40, end=49)


def test_a_fact_without_an_id_reads_the_usual_one() -> None:
    fact = _fact(None)
    assert fact.id == "src-1:quantity:40:deaths"
    assert fact == _fact("src-1:quantity:40:deaths")
    assert "id='src-1:quantity:40:deaths'" in repr(fact)


def test_a_given_id_is_kept_and_an_id_can_be_set() -> None:
    fact = _fact("src-1:quantity:40:in-text")
    assert fact.id == "src-1:quantity:40:in-text"
    assert fact != _fact(None)
    fact.id = "other"
    assert fact.id == "other"


def test_a_fact_pickles_with_its_id() -> None:
    assert pickle.loads(pickle.dumps(_fact(None))).id == "src-1:quantity:40:deaths"
