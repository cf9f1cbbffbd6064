"""What a node says, shared by every format: the id, name, owner, status,
target with unit, and SMART letters (✔/✘ per S M A R T)."""

from __future__ import annotations

from kpilint.tree.model import Kpi

TICK, CROSS = "✔", "✘"
NO_ID = "(no id)"
UNPLACED_NAME = "unplaced"
UNPLACED_NOTE = "parent not found"
#: A loop longer than this is named by its first ids and a count.
LOOP_SHOWN = 5


def clean(value: str) -> str:
    """One line, with control characters made visible (``\\x1b``): text
    from a KPI file cannot move the cursor or colour a terminal."""
    flat = " ".join(value.split())
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in flat)


def amount(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def target(kpi: Kpi) -> str:
    if kpi.target is None:
        return "no target"
    return f"target {amount(kpi.target)}" + (f" {clean(kpi.unit)}" if kpi.unit else "")


def owner(kpi: Kpi) -> str:
    return f"owner {clean(kpi.owner)}" if kpi.owner else "no owner"


def letters(kpi: Kpi) -> str:
    return " ".join(f"{letter}{TICK if ok else CROSS}" for letter, ok in kpi.letters)


def ident(kpi: Kpi) -> str:
    return clean(kpi.id) if kpi.id else NO_ID


def loop(ids: tuple[str, ...]) -> str:
    """``a -> b -> a``, or past five ids the first five and how many more."""
    if len(ids) - 1 <= LOOP_SHOWN:
        return " -> ".join(clean(i) for i in ids)
    return " -> ".join(clean(i) for i in ids[:LOOP_SHOWN]) + f" -> ... ({len(ids) - 1 - LOOP_SHOWN} more)"


def facts(kpi: Kpi) -> str:
    """Level, owner, status and target, for one line."""
    level = clean(kpi.level) if kpi.level else "no level"
    return f"{level} · {owner(kpi)} · {clean(kpi.status)} · {target(kpi)}"


def clip(value: str, limit: int) -> str:
    """One line of at most ``limit`` characters (an ellipsis marks a cut)."""
    flat = clean(value)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
