"""Comparing two names word by word: one name spelt two ways, or two names.

Words are compared after anyascii folds them to ASCII, with the particles of ``rules/names.yaml``
(al-, el-, ibn, bin, de, van …) dropped, also where written joined ("Abdulmenam"), hyphens read
as spaces, and words joined or split ("Al Ghaithi" / "Alghaithi"). Two words are one word spelt
two ways when:

- ROMANISATION: their consonant skeletons agree once the transliteration table of names.yaml
  has rewritten them ("Rustamdzhon" / "Rustamjon", "Sulayman" / "Suleiman", "Kova" / "Cova"), and a
  jellyfish metaphone key agrees too;
- VOWELS: only vowels, y, h or a doubled letter differ, the metaphone keys agree and the length
  stays within a letter ("Rashed" / "Rashid", "Kenyata" / "Kenyatta"): as often a typo as a
  romanisation, so the sources' use decides;
- GIVEN: they are forms of one given name in names.yaml ("Steve" / "Steven");
- HEAD: they are one generic head in two languages (names.yaml ``head_translations``: "school" /
  "Gymnasium"): a name translated;
- TYPO: a small edit that keeps the first letter (one letter in words of up to seven, two in
  longer ones, or a doubled letter: "Winklelmann", "Federick", "Rob") or two short words that
  sound alike (soundex, "Owen" / "Aoun").

Never the same word: look-alikes listed as distinct (Iran / Iraq) and the words made of them
(Austrian / Australian), a stem with two endings of names.yaml ("Ministry" / "Minister",
"Korea" / "Korean"), words with digits, and given names that extend each other or differ in the
last letter or, in four letters, in a vowel (Paul / Paula, Mark / Mary, Jean / Joan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii

from factcheck.ruledata import NameRules

# How two words are one (see above).
ROMANISATION, VOWELS, GIVEN, TYPO, HEAD = "romanisation", "vowels", "given", "typo", "head"
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")
_SPLIT = re.compile(r"[\s\-‐‑–—/]+")
_NOT_LETTER = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class NameMatch:
    """How two names are one name: the word pairs that differ and how each does."""

    differing: tuple[tuple[str, str, str], ...]  # (word of a, word of b, how: see above)

    @property
    def transliteration(self) -> bool:
        """One name romanised (or translated) two ways: every difference is one a romanisation,
        a given-name form or a generic head's translation makes, or several words differ and
        none by a typo ("Rustamdzhon Karimov" / "Rustamjon Karimow"). A lone vowel or doubled
        letter ("Rashed" / "Rashid", "Kenyata" / "Kenyatta") is as often a typo: the sources'
        use decides that one."""
        hows = [how for _, _, how in self.differing]
        if TYPO in hows:
            return False
        return len(hows) >= 2 or all(how in (ROMANISATION, GIVEN, HEAD) for how in hows)


class NameMatcher:
    def __init__(self, rules: NameRules) -> None:
        self.rules = rules
        # The transliteration table as one pattern, longest spellings first.
        self._common = dict(rules.transliteration)
        self._table = re.compile("|".join(re.escape(k) for k, _ in rules.transliteration)) \
            if rules.transliteration else None
        self._long_particles = sorted((p for p in rules.particles if len(p) >= 4),
                                      key=len, reverse=True)
        self.fold = lru_cache(maxsize=1 << 16)(self._fold)
        self.words = lru_cache(maxsize=1 << 16)(self._words)
        self.skeleton = lru_cache(maxsize=1 << 16)(self._skeleton)
        self.metaphones = lru_cache(maxsize=1 << 16)(self._metaphones)
        self.stems = lru_cache(maxsize=1 << 16)(self._stems)

    # --- words ---------------------------------------------------------------------------------

    @staticmethod
    def _fold(word: str) -> str:
        return _NOT_LETTER.sub("", anyascii(word).casefold())

    def _words(self, name: str) -> tuple[str, ...]:
        """The content words of a name, folded: particles dropped, also where a long particle
        is written joined to the word ("Abdulmenam" → "menam")."""
        out = []
        for part in _SPLIT.split(name):
            word = self.fold(part)
            if not word or word in self.rules.particles:
                continue
            for particle in self._long_particles:
                if word.startswith(particle) and len(word) - len(particle) >= 4:
                    word = word[len(particle):]
                    break
            out.append(word)
        return tuple(out)

    def _transliterated(self, word: str) -> str:
        if self._table is None:
            return word
        return self._table.sub(lambda m: self._common[m.group()], word)

    def _skeleton(self, word: str, transliterated: bool = True) -> str:
        """Consonants of the word (transliterated first), h aside, a doubled letter once."""
        if transliterated:
            word = self._transliterated(word)
        return _VOWELS.sub("", _DOUBLES.sub(r"\1", word).replace("h", ""))

    def _stems(self, word: str) -> frozenset[str]:
        """The word with each ending of names.yaml it has taken off."""
        return frozenset(word[:len(word) - len(e)] for e in self.rules.endings if word.endswith(e))

    def _metaphones(self, word: str) -> frozenset[str]:
        return frozenset({jellyfish.metaphone(word),
                          jellyfish.metaphone(self._transliterated(word))})

    # --- comparing -----------------------------------------------------------------------------

    def distinct(self, a: str, b: str) -> bool:
        """Look-alike words that are two words: listed in names.yaml, or one stem with two
        of its endings ("ministry" / "minister")."""
        endings = self.rules.endings
        if any(frozenset((x, y)) in self.rules.distinct
               for x in self.stems(a) for y in self.stems(b)):
            return True  # Austria / Australia, and so Austrian / Australian
        stem = 0
        while stem < min(len(a), len(b)) and a[stem] == b[stem]:
            stem += 1
        if stem < 4:
            return False
        ends = sorted((a[stem:], b[stem:]), key=len)
        if not ends[0]:  # one word extends the other by an ending or two: Pakistan / Pakistanis
            return any(ends[1][:n] in endings and ends[1][n:] in endings
                       for n in range(1, len(ends[1]) + 1))
        # Two endings, one of two letters or more: Ministry / Minister, Canada / Canadian (a
        # letter for a letter is a spelling: Kowalsky / Kowalski).
        return ends[0] in endings and ends[1] in endings and len(ends[1]) >= 2

    def same_word(self, a: str, b: str, given_name: bool = False) -> str | None:
        """How two folded words are one word (ROMANISATION, VOWELS, GIVEN, HEAD, TYPO; "" when
        equal), or None. ``given_name``: both stand where a person's given name does.
        Not cached: few pairs are asked twice (at 4,000 documents 1,473 of 28,388 calls), and
        a cache of the rest held 4 MB to the end of the run."""
        if a == b:
            return ""
        group = self.rules.given_names
        if a in group and group.get(a) == group.get(b):
            return GIVEN
        heads = self.rules.head_translations
        if a in heads and heads.get(a) == heads.get(b):
            return HEAD
        if min(len(a), len(b)) < 3 or not (a.isalpha() and b.isalpha()):
            return None
        how = self._spelt_alike(a, b, given_name)
        return None if how is None or self.distinct(a, b) else how

    def _spelt_alike(self, a: str, b: str, given_name: bool) -> str | None:
        if given_name and (a.startswith(b) or b.startswith(a) or (
                len(a) == len(b) and a[:-1] == b[:-1])):
            return None  # Paul / Paula, Mark / Mary: how given names mark two people
        metaphones = self.metaphones(a) & self.metaphones(b)
        if min(len(a), len(b)) >= 4 and len(self.skeleton(a, False)) >= 2:
            if self.skeleton(a, False) == self.skeleton(b, False) and metaphones:
                # A vowel in a given name of four letters tells two people apart (Jean / Joan);
                # two in a short word make another word (Rada / Rudd).
                # And a romanisation keeps the length of a word within a letter or two.
                short = min(len(a), len(b)) <= 4
                if short and (given_name or jellyfish.damerau_levenshtein_distance(a, b) > 1):
                    return None
                if abs(len(a) - len(b)) > (1 if max(len(a), len(b)) < 8 else 2):
                    return None
                return VOWELS
            shared = {self.skeleton(a), self.skeleton(a, False)} & {self.skeleton(b),
                                                                    self.skeleton(b, False)}
            if shared and metaphones:
                return ROMANISATION
        if a[0] != b[0] and not (a[0] in "aeiou" and b[0] in "aeiou"):
            return None
        if _DOUBLES.sub(r"\1", a) == _DOUBLES.sub(r"\1", b):
            return TYPO  # a doubled letter: Rob / Robb
        if min(len(a), len(b)) >= 4:
            allowed = 1 if max(len(a), len(b)) < 8 else 2
            if jellyfish.damerau_levenshtein_distance(a, b) <= allowed and a[0] == b[0]:
                return TYPO
        if max(len(a), len(b)) <= 5 and a[0] in "aeiou" and b[0] in "aeiou" and \
                a[-1] == b[-1] and jellyfish.soundex(a)[1:] == jellyfish.soundex(b)[1:] != "000":
            return TYPO  # Owen / Aoun: two short words that sound alike
        return None

    def compare(self, a: str, b: str, person: bool = False, single: bool = False,
                given: bool = False) -> NameMatch | None:
        """How names ``a`` and ``b`` are one name spelt two ways, or None. ``person``: one of
        them is known as a person (its first words are given names). ``single``: one-word names
        may be compared (the caller has other evidence: one text uses both). A shorter name of
        two words or more may stand for the end of a longer one ("Marin Cova" / "Elena
        Marine Kova"); a single word for a person's surname ("Harden" / "Lucia Hardern"), or,
        with ``given`` and spelt by a romanisation, for the given name of a two-word name
        ("Sulaiman" / "Suleman Dawood").
        """
        wa, wb = self.words(a), self.words(b)
        if not wa or not wb or wa == wb:
            return None
        if self.fold(a) == self.fold(b):  # joined, split or hyphenated: "Al Ghaithi" / "Alghaithi"
            return NameMatch(((self.fold(a), self.fold(b), ROMANISATION),))
        if _acronym(a) != _acronym(b):
            return None  # "IRNA" / "Iran": an acronym is spelt as it is, not a word misspelt
        if len(wa) == len(wb) == 1 and not single:
            return None
        if len(wa) != len(wb):
            joined = self._joined(wa, wb)
            if joined is not None:
                return joined
            short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
            heads = self.rules.generic_heads
            if (len(short) == 1 and single and given and not person and len(long_) == 2
                    and long_[1] not in heads and short[0] not in heads):
                # A given name alone ("Sulaiman" / "Suleman Dawood"): a romanisation only; a
                # place's head alone ("Casino" of "Resort and Casino") is no given name.
                pairs = [(short[0], long_[0]) if short is wa else (long_[0], short[0])]
                found = self._pairs(pairs, person=False, every=True)
                return found if found is not None and found.differing[0][2] != TYPO else None
            if len(short) == 1 and not (person and single):
                return None
            tail = long_[len(long_) - len(short):]
            pairs = list(zip(short, tail, strict=True) if short is wa else
                         zip(tail, short, strict=True))
            return self._pairs(pairs, person=False, every=len(short) == 1)
        return self._pairs(list(zip(wa, wb, strict=True)), person=person and len(wa) > 1,
                           every=len(wa) == 1)

    def _pairs(self, pairs: list[tuple[str, str]], person: bool,
               every: bool = False) -> NameMatch | None:
        """``person``: the pairs are two person names' words, the first their given names.
        ``every``: every word may differ (a one-word name the caller allowed)."""
        differing = []
        typos = 0
        for i, (x, y) in enumerate(pairs):
            how = self.same_word(x, y, given_name=person and i == 0)
            if how is None:
                return None
            if how:
                differing.append((x, y, how))
                typos += how == TYPO
        if not differing or typos > 1:
            return None
        if len(differing) == len(pairs) and not every and (typos or len(pairs) < 2):
            # Every word differs: only a full romanisation of a name of two words or more.
            return None
        return NameMatch(tuple(differing))

    def _joined(self, wa: tuple[str, ...], wb: tuple[str, ...]) -> NameMatch | None:
        """One name written with words joined that the other splits ("Alghaithi" / "Al
        Ghaithi"): the same letters, or the same skeleton, as a whole."""
        ja, jb = "".join(wa), "".join(wb)
        if ja == jb:
            return NameMatch(((" ".join(wa), " ".join(wb), ROMANISATION),))
        if self.skeleton(ja) == self.skeleton(jb) and min(len(wa), len(wb)) >= 1 and \
                self.metaphones(ja) & self.metaphones(jb) and len(ja) >= 8:
            return NameMatch(((" ".join(wa), " ".join(wb), ROMANISATION),))
        return None


def _acronym(name: str) -> bool:
    """A word in capitals, of up to six letters: "IRNA", "U.N.", "NTSB"."""
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 6
