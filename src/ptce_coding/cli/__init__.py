"""The `ptce-coding` command line: parses options, calls the library, prints. No logic here.

Heavy libraries (spaCy, pandas, scikit-learn) are imported inside the commands that need them,
so that `ptce-coding --help` answers at once. One module per family of commands.
"""

from ptce_coding.cli import (  # noqa: F401 (registers the commands)
    agreement,
    assist,
    codebook,
    coding,
    compare,
    compare_ca,
    compare_qca,
    compare_typology,
    corpus,
    evaluate,
    evolution,
    exchange,
    history,
    matrix,
    memo,
    network,
    privacy,
    report,
    review,
    run,
    serve,
    study,
    team,
)
from ptce_coding.cli.common import cli


def main() -> None:
    cli(prog_name="ptce-coding")


__all__ = ["cli", "main"]
