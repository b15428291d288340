"""`ptce-coding serve`: the local web page to code and review in the browser."""

from __future__ import annotations

import threading

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.options import coder_name


@cli.command()
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine (127.0.0.1, localhost) "
    "requires the access token printed at start.",
)
@click.option(
    "--coder",
    callback=coder_name,
    help="Your name as a coder (default: `coder` in project.yaml, else your user name).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
@project_option
def serve(project: Project, port: int, host: str, coder: str | None, no_browser: bool) -> None:
    """Read, code and review the interviews in your browser (a local web page).

    Codings made in the page are manual codings of --coder, in the same store as the command
    line; each coder changes only their own. Stop the server with Ctrl-C.

    Example:

    \b
        ptce-coding serve --coder alice
    """
    # imported on use, not at the top: start-up speed
    import webbrowser

    import uvicorn

    from ptce_coding.web.app import create_app
    from ptce_coding.web.listen import check_can_listen
    from ptce_coding.web.security import Secrets

    project.open_store(create=False).close()  # a clear error now rather than in the page
    project.load_codebook()
    check_can_listen(host, port)
    secrets = Secrets.for_host(host)
    app = create_app(project, coder or project.default_coder, host=host, secrets=secrets)
    url = secrets.url(host, port)
    shown = url if host not in ("0.0.0.0", "::") else secrets.url("127.0.0.1", port)
    click.echo(
        f"Serving {project.name} for coder {coder or project.default_coder} at {shown}", err=True
    )
    if secrets.token_required:
        click.echo(f"Access token (needed from other machines): {secrets.access_token}", err=True)
    click.echo("Stop with Ctrl-C.", err=True)
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(shown,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", ws="none")
