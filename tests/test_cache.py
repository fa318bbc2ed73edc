import dataclasses
import json
import math
import sqlite3
import zlib
from dataclasses import fields, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.cache import (
    DATABASE_NAME,
    ROW_CLASSES,
    CorruptEntry,
    ExtractionCache,
    decode_extraction,
    document_key,
    encode_extraction,
    storable_blob,
)
from factcheck.extract import Extraction
from factcheck.extract.pipeline import extract_document
from factcheck.model import Document, Fact, Sentence
from factcheck.parallel import extract_all
from factcheck.ruledata import RuleData, load_rule_data

TEXTS = {
    "flood-a": (date(2024, 3, 4),
                "Floods in the Corvara valley killed at least 42 people on Monday, the regional "
                "civil protection agency said. More than 1,200 homes were damaged.\n\n"
                "\"The water rose faster than anyone expected,\" said Mayor Elena Brandt."),
    "flood-b": (date(2024, 3, 5),
                "The death toll from Monday's floods in the Corvara valley rose to 47, officials "
                "said on Tuesday. About 300 people were evacuated from Lindenau."),
    "quake": (date(2023, 11, 2),
              "A magnitude 6.1 earthquake struck near Port Halden on Wednesday, killing 12 "
              "people and injuring 85, according to the Halden fire service."),
    "results": (date(2024, 2, 15),
                "Nordwell Foods reported revenue of 4.2 billion euros for 2023, up 6 percent, "
                "and said it employs 18,000 people in 14 countries."),
}


def make_doc(doc_id: str, text: str, published: date | None) -> Document:
    return Document(id=doc_id, path=f"/corpus/{doc_id}.txt", text=text, published=published)


@pytest.fixture(scope="module")
def data() -> RuleData:
    return load_rule_data()


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return [make_doc(doc_id, text, published) for doc_id, (published, text) in TEXTS.items()]


@pytest.fixture(scope="module")
def extractions(docs: list[Document], data: RuleData) -> list[Extraction]:
    return [extract_document(doc, data) for doc in docs]


def test_extractions_round_trip_through_json_exactly(docs: list[Document],
                                                     extractions: list[Extraction]) -> None:
    assert any(e.facts for e in extractions)  # the fixtures exercise facts, not just empties
    for doc, extraction in zip(docs, extractions, strict=True):
        payload = encode_extraction(extraction, doc.text)
        assert decode_extraction(payload, doc.text) == extraction
        assert encode_extraction(decode_extraction(payload, doc.text), doc.text) == payload
        json.loads(payload)  # plain JSON, not pickle
        assert len(payload) < 4 * len(doc.text) + 2000  # text is referenced, not copied


def test_miss_then_hit_after_reopening(tmp_path: Path, docs: list[Document],
                                       extractions: list[Extraction], data: RuleData) -> None:
    with ExtractionCache(tmp_path) as cache:
        assert cache.get(docs[0], data.digest) is None
        for doc, extraction in zip(docs, extractions, strict=True):
            cache.put(doc, data.digest, extraction)
    with ExtractionCache(tmp_path) as cache:
        assert [cache.get(d, data.digest) for d in docs] == extractions
        assert cache.stats["hits"] == len(docs)
        assert cache.warnings == []
    assert (tmp_path / DATABASE_NAME).is_file()


def test_key_covers_text_id_publication_date_and_rules_digest(docs: list[Document],
                                                              data: RuleData) -> None:
    doc = docs[0]
    key = document_key(doc, data.digest)
    assert document_key(replace(doc, path="/elsewhere/x.txt"), data.digest) == key
    assert document_key(replace(doc, text=doc.text + " "), data.digest) != key
    assert document_key(replace(doc, id="other"), data.digest) != key
    assert document_key(replace(doc, published=date(2024, 3, 5)), data.digest) != key
    assert document_key(doc, data.digest + "x") != key


def test_changing_one_document_re_extracts_only_that_one(
        tmp_path: Path, docs: list[Document], data: RuleData,
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(doc: Document, rule_data: RuleData) -> Extraction:
        calls.append(doc.id)
        return extract_document(doc, rule_data)

    monkeypatch.setattr("factcheck.parallel.extract_document", counting)
    with ExtractionCache(tmp_path) as cache:
        first = extract_all(docs, data, jobs=1, cache=cache)
    assert calls == [d.id for d in docs]

    calls.clear()
    edited = list(docs)
    edited[1] = replace(docs[1], text=docs[1].text.replace("rose to 47", "rose to 49"))
    with ExtractionCache(tmp_path) as cache:
        second = extract_all(edited, data, jobs=1, cache=cache)
        assert cache.stats["hits"] == len(docs) - 1
    assert calls == [docs[1].id]
    assert second[0] == first[0] and second[2:] == first[2:]
    assert second[1] == extract_document(edited[1], data)
    assert second[1] != first[1]


def test_writes_are_one_transaction_at_flush(tmp_path: Path, docs: list[Document],
                                             extractions: list[Extraction],
                                             data: RuleData) -> None:
    cache = ExtractionCache(tmp_path)
    for doc, extraction in zip(docs, extractions, strict=True):
        cache.put(doc, data.digest, extraction)
    reader = sqlite3.connect(tmp_path / DATABASE_NAME)
    count = "SELECT COUNT(*) FROM extractions"
    assert reader.execute(count).fetchone()[0] == 0
    cache.flush()
    assert reader.execute(count).fetchone()[0] == len(docs)
    reader.close()
    cache.close()


def test_an_edited_document_replaces_its_old_entry(tmp_path: Path, docs: list[Document],
                                                   data: RuleData) -> None:
    edited = replace(docs[0], text=docs[0].text.replace("42", "44"))
    with ExtractionCache(tmp_path) as cache:
        cache.put(docs[0], data.digest, extract_document(docs[0], data))
    with ExtractionCache(tmp_path) as cache:
        cache.put(edited, data.digest, extract_document(edited, data))
    with ExtractionCache(tmp_path) as cache:
        assert cache.get(docs[0], data.digest) is None
        assert cache.get(edited, data.digest) is not None
    reader = sqlite3.connect(tmp_path / DATABASE_NAME)
    assert reader.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == 1
    reader.close()


def test_garbage_file_is_rebuilt_with_one_warning(tmp_path: Path, docs: list[Document],
                                                  extractions: list[Extraction],
                                                  data: RuleData) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"this is not a database\x00" * 200)
    seen: list[str] = []
    with ExtractionCache(tmp_path, on_warning=seen.append) as cache:
        assert [cache.get(d, data.digest) for d in docs] == [None] * len(docs)
        cache.put(docs[0], data.digest, extractions[0])
    assert len(seen) == 1
    assert str(tmp_path / DATABASE_NAME) in seen[0] and "rebuilt" in seen[0]
    with ExtractionCache(tmp_path, on_warning=seen.append) as cache:
        assert cache.get(docs[0], data.digest) == extractions[0]
    assert len(seen) == 1  # the rebuilt cache is healthy: no further warning


def test_database_of_another_schema_is_rebuilt(tmp_path: Path, docs: list[Document],
                                               data: RuleData) -> None:
    conn = sqlite3.connect(tmp_path / DATABASE_NAME)
    conn.execute("CREATE TABLE extractions (key TEXT, value BLOB)")
    conn.execute("INSERT INTO extractions VALUES (?, ?)",
                 (document_key(docs[0], data.digest), b"x"))
    conn.commit()
    conn.close()
    cache = ExtractionCache(tmp_path)
    assert cache.get(docs[0], data.digest) is None
    assert len(cache.warnings) == 1 and "schema" in cache.warnings[0]
    cache.close()


def _stored(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"))


@pytest.mark.parametrize("payload", [
    b"not compressed",
    "the wrong type: text",
    _stored("{not json"),
    _stored('{"source": "flood-a"}'),
    _stored(json.dumps({"source": "flood-a", "sentences": [[0, 5]], "quantities": [],
                        "dates": [], "entities": [], "quotes": [], "facts": []})),
    _stored(json.dumps({"source": "flood-a", "sentences": "nope", "quantities": [],
                        "dates": [], "entities": [], "quotes": [], "facts": []})),
    zlib.compress(b"\xff\xfe not utf-8"),
])
def test_undecodable_row_is_never_trusted(tmp_path: Path, docs: list[Document],
                                          extractions: list[Extraction], data: RuleData,
                                          payload: bytes | str) -> None:
    with ExtractionCache(tmp_path) as cache:
        for doc, extraction in zip(docs, extractions, strict=True):
            cache.put(doc, data.digest, extraction)
    conn = sqlite3.connect(tmp_path / DATABASE_NAME)
    conn.execute("UPDATE extractions SET payload = ? WHERE key = ?",
                 (payload, document_key(docs[0], data.digest)))
    conn.commit()
    conn.close()
    seen: list[str] = []
    with ExtractionCache(tmp_path, on_warning=seen.append) as cache:
        assert [cache.get(d, data.digest) for d in docs] == [None] * len(docs)
    assert len(seen) == 1 and "corrupt" in seen[0]


def _payload(**fields: object) -> str:
    """A stored payload of empty fields but ``fields`` (columns, as ``encode_extraction``)."""
    empty = {name: [[] for _ in dataclasses.fields(cls)] if cls else "x"
             for name, cls in ROW_CLASSES.items()}
    return json.dumps(empty | fields)


@pytest.mark.parametrize("sentences", [
    [[0], [1], ["a"], ["extra"]],  # a column too many
    [[0], [1]],  # a column too few
    [[0, 5], [1], ["a"]],  # columns of different lengths
    [[0], "1", ["a"]],  # a column that is not a list
    [[0], ["1"], None],  # a text reference with a span that is not two integers
    [None, [1], ["a"]],  # null where only the text may be
])
def test_decode_rejects_malformed_payloads(sentences: list[object]) -> None:
    decode_extraction(_payload(), "text")  # the well-formed empty payload decodes
    with pytest.raises(CorruptEntry):
        decode_extraction("[]", "text")
    with pytest.raises(CorruptEntry):
        decode_extraction(_payload(sentences=sentences), "text")


@pytest.mark.parametrize("past_the_end", [0, 5, None])  # None: a negative index
def test_decode_rejects_a_reference_to_a_missing_sentence(docs: list[Document],
                                                         extractions: list[Extraction],
                                                         past_the_end: int | None) -> None:
    data = json.loads(encode_extraction(extractions[0], docs[0].text))
    slot = [f.name for f in fields(Fact)].index("sentence")
    assert data["facts"][slot] and all(type(i) is int for i in data["facts"][slot])
    decode_extraction(json.dumps(data), docs[0].text)
    data["facts"][slot][-1] = -1 if past_the_end is None \
        else len(extractions[0].sentences) + past_the_end
    with pytest.raises(CorruptEntry):
        decode_extraction(json.dumps(data), docs[0].text)


class Kind(StrEnum):
    PERSON = "person"


class Sub(Sentence):
    pass


def _odd(doc: Document, **change: object) -> Extraction:
    """One sentence and one fact of ``doc`` that refers to it, with ``change`` made."""
    sentence = Sentence(0, 4, doc.text[:4])
    fact = Fact(id="x", source=doc.id, kind="quantity", entity="e", attribute="a", value=1.0,
                start=0, end=4, text=doc.text[:4], sentence=sentence.text,
                context={"places": ["Corvara"], "part": True})
    extraction = Extraction(doc.id, sentences=[sentence], facts=[fact])
    for name, value in change.items():
        if name == "sentences":
            extraction.sentences = value  # type: ignore[assignment]
        else:
            setattr(fact, name, value)
    return extraction


# Each would come back from JSON as another value or another type.
NOT_EXACT = {
    "tuple": {"context": {"span": (1, 2)}},
    "nested tuple": {"context": {"places": [("a", "b")]}},
    "NaN": {"value": math.nan},
    "nested NaN": {"context": {"scores": [1.0, math.nan]}},
    "NaN in a dict in a list": {"context": {"rows": [{"x": math.nan}]}},
    "str enum": {"entity": Kind.PERSON},
    "str enum in a list": {"context": {"kinds": [Kind.PERSON]}},
    "int key": {"context": {1: "a"}},
    "str enum key": {"context": {Kind.PERSON: "a"}},
    "set": {"context": {"places": {"a"}}},
    "date": {"time": date(2024, 3, 4)},
    "an int sentence": {"sentence": 0},  # would read as a reference to the first sentence
    "a subclass item": {"sentences": [Sub(0, 4, "Floo")]},
    "a tuple of items": {"sentences": (Sentence(0, 4, "Floo"),)},
    "lone surrogate": {"entity": "\ud800"},
}


@pytest.mark.parametrize("change", NOT_EXACT.values(), ids=NOT_EXACT.keys())
def test_values_json_cannot_hold_exactly_make_the_entry_unstorable(
        tmp_path: Path, docs: list[Document], data: RuleData, change: dict[str, object]) -> None:
    assert storable_blob(docs[0], _odd(docs[0])) is not None  # the unchanged one is stored
    odd = _odd(docs[0], **change)
    assert storable_blob(docs[0], odd) is None
    with ExtractionCache(tmp_path) as cache:
        cache.put(docs[0], data.digest, odd)
        assert cache.stats["unstorable"] == 1
    with ExtractionCache(tmp_path) as cache:
        assert cache.get(docs[0], data.digest) is None


def test_a_circular_value_is_unstorable(docs: list[Document]) -> None:
    loop: list[object] = []
    loop.append(loop)
    assert storable_blob(docs[0], _odd(docs[0], context={"loop": loop})) is None


# Each comes back exactly, with the same types, though some look like references.
EXACT = {
    "infinity": {"value": math.inf, "low": -math.inf},
    "negative zero": {"value": -0.0},
    "int and bool": {"value": 1, "context": {"n": 1, "b": True, "f": 1.0, "z": None}},
    "text that is not the span": {"text": "other"},
    "no text": {"text": None},
    "text with span None": {"start": None, "end": None, "text": "Floods in the Corvara valley"},
    "a sentence of no sentence": {"sentence": "elsewhere"},
    "no sentence": {"sentence": None},
    "bool sentence": {"sentence": True},
    "deep": {"context": {"a": [[{"b": [1, 2.5, "c", None]}], []], "": {}}},
    "unicode": {"entity": "Zürich — “quoted” 😀"},
}


@pytest.mark.parametrize("change", EXACT.values(), ids=EXACT.keys())
def test_values_json_holds_come_back_with_their_types(docs: list[Document],
                                                     change: dict[str, object]) -> None:
    doc = replace(docs[0], text="Floods in the Corvara valley")
    extraction = _odd(doc, **change)
    blob = storable_blob(doc, extraction)
    assert blob is not None
    back = decode_extraction(zlib.decompress(blob).decode("utf-8"), doc.text)
    assert repr(back) == repr(extraction)  # repr tells 1 from 1.0 and True, -0.0 from 0.0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    | st.sampled_from([Kind.PERSON, (1, "a"), -0.0]),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner)
    | st.dictionaries(st.text(max_size=3) | st.integers(0, 2), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(json_values, st.one_of(st.none(), st.floats(), st.integers(), st.text(max_size=4)))
def test_a_stored_entry_never_differs_from_the_extraction(value: object, figure: object) -> None:
    """Any value: either not stored, or decoded exactly (same values, same types)."""
    doc = make_doc("d", "Floods in the Corvara valley", None)
    extraction = _odd(doc, context={"v": value}, value=figure)
    blob = storable_blob(doc, extraction)
    if blob is not None:
        back = decode_extraction(zlib.decompress(blob).decode("utf-8"), doc.text)
        assert repr(back) == repr(extraction)


def test_entry_of_another_document_is_not_returned(tmp_path: Path, docs: list[Document],
                                                   extractions: list[Extraction],
                                                   data: RuleData) -> None:
    with ExtractionCache(tmp_path) as cache:
        cache.put(docs[0], data.digest, extractions[0])
    conn = sqlite3.connect(tmp_path / DATABASE_NAME)
    conn.execute("UPDATE extractions SET payload = ?",
                 (_stored(encode_extraction(extractions[1], docs[1].text)),))
    conn.commit()
    conn.close()
    with ExtractionCache(tmp_path) as cache:
        assert cache.get(docs[0], data.digest) is None
        assert len(cache.warnings) == 1


def test_unusable_folder_runs_without_cache(tmp_path: Path, docs: list[Document],
                                            extractions: list[Extraction],
                                            data: RuleData) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    seen: list[str] = []
    with ExtractionCache(blocker, on_warning=seen.append) as cache:
        cache.put(docs[0], data.digest, extractions[0])
        assert cache.get(docs[0], data.digest) is None
    assert len(seen) == 1 and str(blocker) in seen[0]


def test_writes_wait_for_another_run_then_give_up_with_one_warning(
        tmp_path: Path, docs: list[Document], extractions: list[Extraction],
        data: RuleData) -> None:
    with ExtractionCache(tmp_path) as cache:
        cache.put(docs[0], data.digest, extractions[0])
    other_run = sqlite3.connect(tmp_path / DATABASE_NAME)
    other_run.execute("BEGIN EXCLUSIVE")  # in WAL mode readers still read
    seen: list[str] = []
    with ExtractionCache(tmp_path, on_warning=seen.append, busy_timeout=0.05) as cache:
        assert cache.get(docs[0], data.digest) == extractions[0]
        cache.put(docs[1], data.digest, extractions[1])
    assert len(seen) == 1 and "not saved" in seen[0]
    other_run.rollback()
    other_run.close()
    with ExtractionCache(tmp_path) as cache:
        assert cache.get(docs[0], data.digest) == extractions[0]
        assert cache.get(docs[1], data.digest) is None


def test_database_locked_by_another_run_is_left_alone(tmp_path: Path, docs: list[Document],
                                                      extractions: list[Extraction],
                                                      data: RuleData) -> None:
    with ExtractionCache(tmp_path) as cache:
        cache.put(docs[0], data.digest, extractions[0])
    other_run = sqlite3.connect(tmp_path / DATABASE_NAME)
    other_run.execute("PRAGMA journal_mode=DELETE")  # a writer that locks readers out
    other_run.execute("BEGIN EXCLUSIVE")
    seen: list[str] = []
    with ExtractionCache(tmp_path, on_warning=seen.append, busy_timeout=0.05) as cache:
        assert cache.get(docs[0], data.digest) is None
    assert len(seen) == 1 and "in use by another run" in seen[0]
    other_run.rollback()
    other_run.close()
    with ExtractionCache(tmp_path) as cache:  # not deleted as if it were corrupt
        assert cache.get(docs[0], data.digest) == extractions[0]


def test_cache_folder_is_marked_so_git_add_all_leaves_it_out(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    import subprocess

    from factcheck.cli import main

    repo = tmp_path / "content"
    (repo / "articles").mkdir(parents=True)
    (repo / "articles" / "a.txt").write_text(TEXTS["flood-a"][1], encoding="utf-8")
    (repo / "articles" / "b.txt").write_text(TEXTS["flood-b"][1], encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(repo)
    assert main(["check", "articles", "--fail-on", "never", "-q"]) == 0
    cache = repo / ".factcheck-cache"
    assert (cache / DATABASE_NAME).is_file()
    assert (cache / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=repo, check=True,
                            capture_output=True, text=True).stdout.split()
    assert staged == ["articles/a.txt", "articles/b.txt"]


def test_mentions_without_aliases_come_back_as_the_shared_empty_tuple(data: RuleData) -> None:
    doc = make_doc("relief", "The Harbour Relief Agency (HRA) said Tomas Brel had left Varno on "
                   "Monday. Brel said the HRA would stay.", None)
    extraction = extract_document(doc, data)
    declared = {m.text: m.aliases for m in extraction.entities}
    assert declared["Harbour Relief Agency"] == ["HRA"] and declared["Tomas Brel"] == ()
    back = decode_extraction(encode_extraction(extraction, doc.text), doc.text)
    assert back == extraction
    for mention, fresh in zip(back.entities, extraction.entities, strict=True):
        assert type(mention.aliases) is type(fresh.aliases)
