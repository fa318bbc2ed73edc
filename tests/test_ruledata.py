from pathlib import Path

import pytest

from factcheck.ruledata import RuleDataError, load_rule_data


def test_builtin_rules_data_loads() -> None:
    data = load_rule_data()
    assert data.attributes["deaths"].cumulative
    assert "killed" in data.attributes["deaths"].cues
    assert data.event_types["bombing"] == "attack"
    assert data.subject_heads["servicemen"] == "service members"
    assert data.roles.posts["chief executive"] == data.roles.posts["ceo"] == "chief executive"
    assert "former" in data.roles.not_the_holder and "colonel" in data.roles.ranks
    assert "republican" in data.roles.affiliations
    assert "flight" in data.identifiers["flight number"]
    heads = data.names.head_translations
    assert heads["school"] == heads["gymnasium"] != heads["church"]
    assert data.digest


def test_user_folder_overrides_key_by_key(tmp_path: Path) -> None:
    (tmp_path / "attributes.yaml").write_text(
        "attributes:\n  deaths:\n    cues: [slain]\n    cumulative: false\n", encoding="utf-8")
    data = load_rule_data([tmp_path])
    assert data.attributes["deaths"].cues == ("slain",)
    assert not data.attributes["deaths"].cumulative
    assert "injuries" in data.attributes  # untouched entries stay


def test_user_gazetteer_entries_are_appended(tmp_path: Path) -> None:
    (tmp_path / "gazetteer.yaml").write_text(
        "entities:\n  - name: Federal Emergency Management Agency\n    aliases: [FEMA]\n",
        encoding="utf-8")
    names = [e.name for e in load_rule_data([tmp_path]).gazetteer]
    assert "Federal Emergency Management Agency" in names
    assert len(names) > 1


@pytest.mark.parametrize(("filename", "text", "line", "message"), [
    ("attributes.yaml", "attributes:\n  deaths:\n    cues: killed\n", 3, "list of non-empty"),
    ("attributes.yaml", "attributes:\n  deaths:\n    cues: [x]\n    colour: red\n", 3,
     "unknown key 'colour'"),
    ("events.yaml", "types:\n  flood: [flood\n", 3, "invalid YAML"),
    ("reference.yaml", "facts:\n  - entity: X\n    attribute: founded\n    source: s\n", 2,
     "give value, year, or low/high"),
    ("severities.yaml", "severities:\n  numeric-conflict: loud\n", 2, "expected one of"),
    ("roles.yaml", "posts:\n  mayor: mayor\n", 2, "list of non-empty"),
    ("identifiers.yaml", "identifiers:\n  flight number: flight\n", 2, "list of non-empty"),
])
def test_mistakes_name_file_and_line(tmp_path: Path, filename: str, text: str, line: int,
                                     message: str) -> None:
    (tmp_path / filename).write_text(text, encoding="utf-8")
    with pytest.raises(RuleDataError) as info:
        load_rule_data([tmp_path])
    assert str(info.value).startswith(f"{tmp_path / filename}:{line}: ")
    assert message in str(info.value)


def test_missing_rules_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="rules folder not found"):
        load_rule_data([tmp_path / "nope"])


def test_a_window_that_is_no_number_names_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "roles.yaml").write_text("window_days: soon\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match=r"roles\.yaml.*window_days: expected a whole number"):
        load_rule_data([tmp_path])


@pytest.mark.parametrize("key", ["date_window_days", "page_date_doubt_days"])
def test_event_day_counts_that_are_no_number_name_file_and_key(tmp_path: Path, key: str) -> None:
    (tmp_path / "events.yaml").write_text(f"{key}: -3\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match=rf"events\.yaml.*{key}: expected a whole number"):
        load_rule_data([tmp_path])
    (tmp_path / "events.yaml").write_text(f"{key}: 30\n", encoding="utf-8")
    assert getattr(load_rule_data([tmp_path]), key) == 30


def test_lasting_days_name_known_families(tmp_path: Path) -> None:
    (tmp_path / "events.yaml").write_text("lasting_days: {weather: 3}\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match=r"events\.yaml.*lasting_days: unknown event family"):
        load_rule_data([tmp_path])
    assert load_rule_data().lasting_days["water"] == 5
