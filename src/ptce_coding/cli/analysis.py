"""Options shared by the commands that analyse codings (matrix, agreement, report): their
values checked as click reads them."""

from __future__ import annotations

import click


def level_value(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """--level: a depth of at least 1, or `all` (None: as coded)."""
    if value in (None, "all"):
        return None
    try:
        level = int(value)
    except ValueError:
        raise click.BadParameter("a depth (1 = top-level codes) or `all`") from None
    if level < 1:
        raise click.BadParameter("a depth of at least 1, or `all`")
    return level


def codes_prefix_value(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> str | None:
    """--codes: a code id's beginning; blank would keep every code, unlike what was asked."""
    if value is not None and not value.strip():
        raise click.BadParameter("give the beginning of a code id (COOP), or leave --codes out")
    return value.strip() if value is not None else None


def cases_value(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--cases: at least one name; « , » or blank would keep every case, unlike what was
    asked (as `compare --cases`)."""
    if value is not None and not value.replace(",", "").strip():
        raise click.BadParameter("name at least one case, or leave --cases out")
    return value
