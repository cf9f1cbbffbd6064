"""Generated cascades for the tree tests: chains, fans, a company cascade."""

from __future__ import annotations

from typing import Any

from kpilint.tree.model import Kpi

ALL_OK = tuple((letter, True) for letter in "SMART")


def kpi(ident: str, parent: str | None = None, **fields: Any) -> Kpi:
    base: dict[str, Any] = dict(
        id=ident, name=f"Name of {ident}", level="team", owner="team-a", status="active", target=10,
        unit="posts/week", parent=parent, path="k.kpi.yaml", document=0, letters=ALL_OK, smart=True,
        has_errors=False,
    )  # fmt: skip
    base.update(fields)
    return Kpi(**base)


def chain(n: int) -> list[Kpi]:
    return [kpi(f"c{i:05d}", f"c{i - 1:05d}" if i else None) for i in range(n)]


def fan(n: int) -> list[Kpi]:
    return [kpi("root")] + [kpi(f"leaf{i:05d}", "root") for i in range(n)]


def cascade(n: int = 2000) -> list[Kpi]:
    """A company KPI, 10 departments, 100 teams, individuals up to ``n``."""
    out = [kpi("co", level="company")]
    out += [kpi(f"d{d}", "co", level="department") for d in range(10)]
    out += [kpi(f"d{t % 10}.t{t}", f"d{t % 10}", level="team") for t in range(100)]
    i = 0
    while len(out) < n:
        out.append(kpi(f"d{i % 10}.t{i % 100}.p{i}", f"d{i % 10}.t{i % 100}", level="individual",
                       status="achieved" if i % 7 == 0 else "active", has_errors=i % 5 == 0))  # fmt: skip
        i += 1
    return out
