"""self-contradiction: one text, two figures for one thing that cannot both hold.

Whole-pipeline cases use articles written for these tests."""

from pathlib import Path

import factcheck


def check_one(tmp_path: Path, text: str) -> list[factcheck.model.Finding]:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in factcheck.check([path]).findings if f.rule == "self-contradiction"]


def test_headline_against_body_is_flagged(tmp_path: Path) -> None:
    (finding,) = check_one(tmp_path, "40 dead in Corvel market bombing\n\n"
                                     "A bomb exploded in the Corvel market on Friday, killing "
                                     "45 people.\n")
    assert finding.severity == "warning" and finding.attribute == "deaths"
    assert sorted(e.text for e in finding.evidence) == ["40 dead", "45 people"]
    assert all(e.sentence and e.line for e in finding.evidence)
    assert "40" in finding.message and "45" in finding.message


def test_two_body_figures_are_flagged(tmp_path: Path) -> None:
    (finding,) = check_one(tmp_path, "The attack in Hollin wounded over 250 people. Doctors "
                                     "said 233 people were injured in the attack.\n")
    assert {e.text for e in finding.evidence} == {"over 250 people", "233 people"}


def test_an_update_cue_is_no_contradiction(tmp_path: Path) -> None:
    assert check_one(tmp_path, "The bombing in Tesk killed 40 people, officials first "
                               "said. The toll from the bombing later rose to 45 people.\n") == []


def test_a_figure_of_an_earlier_stage_is_no_contradiction(tmp_path: Path) -> None:
    # "At one point" dates the larger figure before the current one.
    text = ("The fire at the Velden tower block injured dozens. 30 people remain in hospital "
            "after the fire, doctors said. At one point more than 60 people were in hospital.\n")
    assert check_one(tmp_path, text) == []
    stated = ("The fire at the Velden tower block injured dozens. 30 people remain in hospital "
              "after the fire, doctors said. More than 60 people were in hospital.\n")
    assert [f.attribute for f in check_one(tmp_path, stated)] == ["hospitalised"]


def test_compatible_hedges_are_no_contradiction(tmp_path: Path) -> None:
    assert check_one(tmp_path, "The attack in Mirel injured more than 50 people. Paramedics "
                               "took 59 injured people to hospital after the attack.\n") == []


def test_a_subgroup_and_an_increment_are_no_contradiction(tmp_path: Path) -> None:
    assert check_one(tmp_path, "The collapse in Arden killed 36 people, including 12 "
                               "children. Crews found four more bodies in the collapse.\n") == []


def test_a_figure_in_a_place_is_part_of_the_toll(tmp_path: Path) -> None:
    assert check_one(tmp_path, "Quake in Varnia and Oskel\n\nThe earthquake killed 3,500 "
                               "people across Varnia and Oskel. The quake killed 1,600 people in "
                               "Oskel.\n") == []


def test_a_stale_toll_after_the_update_is_a_note(tmp_path: Path) -> None:
    (finding,) = check_one(tmp_path, "The toll from the bombing in Tesk has climbed to 50, "
                                     "police said.\n\nIn Tesk, 49 people have died.\n")
    assert finding.severity == "info"
    assert [e.text for e in finding.evidence] == ["50", "49 people"]


def test_a_lower_toll_before_the_update_is_the_story_told_in_order(tmp_path: Path) -> None:
    assert check_one(tmp_path, "The bombing in Tesk killed 49 people on Monday. On Tuesday the "
                               "toll from the bombing climbed to 50.\n") == []
