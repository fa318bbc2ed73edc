"""Findings held compressed, read back a slice at a time.

When the graph and the rules run on Dask workers, the client holds the findings until the
output is written. As objects they took 8.6 KB a document (4,000 generated documents); as
compressed slices about an eighth of that. At 100,000 documents the client's peak fell from
1,686 to 818 MiB. The slices are pickled: they come from this run's own workers, never from
a file.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from factcheck.model import Finding

# Findings per slice. A slice is read whole (its compressed and its pickled bytes, then its
# objects): at 1,000 the client's peak at 4,000 documents was 132 MiB, at 250 107 MiB.
SLICE = 250


def pack(findings: list[Finding]) -> bytes:
    """One slice's stored form. A string its findings share (one object, as the Dask worker
    makes equal ones) is stored once."""
    return zlib.compress(pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> list[Finding]:
    found: list[Finding] = pickle.loads(zlib.decompress(blob))
    return found


class FindingStore(Sequence[Finding]):
    """An immutable sequence of findings kept as packed slices of ``SLICE`` findings (the
    last may be shorter). Each read makes new Finding objects: change a finding and the store
    does not see it. ``in_output_order``: the findings are in ``Result.sorted_findings``
    order, so the outputs read them as they are."""

    def __init__(self, slices: Iterable[bytes], count: int, *,
                 in_output_order: bool = False) -> None:
        self._slices = list(slices)
        self._count = count
        self.in_output_order = in_output_order
        if len(self._slices) != -(-count // SLICE):
            raise ValueError(f"{len(self._slices)} slices cannot hold {count} findings")
        self._read: tuple[int, list[Finding]] | None = None  # the last slice read by index

    @classmethod
    def of(cls, findings: list[Finding], *, in_output_order: bool = False) -> FindingStore:
        return cls((pack(findings[i:i + SLICE]) for i in range(0, len(findings), SLICE)),
                   len(findings), in_output_order=in_output_order)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Finding]:
        for blob in self._slices:
            yield from unpack(blob)

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("finding index out of range")
        number, offset = divmod(index, SLICE)
        if self._read is None or self._read[0] != number:
            self._read = (number, unpack(self._slices[number]))
        return self._read[1][offset]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # (equal to a list: unhashable like one)

    def __repr__(self) -> str:
        return f"FindingStore({self._count} findings in {len(self._slices)} slices)"
