"""The ``mypage-api`` command."""

import asyncio
import importlib.util
import json
import logging.config
import os
import re
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.clock import clock_from
from mypage_api.config import Environment, Settings
from mypage_api.errors import ProblemError
from mypage_api.logs import log_config

app = typer.Typer(help="mypage-api: the job-seeker My Page backend.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
offices_app = typer.Typer(help="Hello Work offices.", no_args_is_help=True)
employers_app = typer.Typer(help="Employer accounts.", no_args_is_help=True)
staff_app = typer.Typer(help="Hello Work staff accounts.", no_args_is_help=True)
partners_app = typer.Typer(help="Partner clients (求職情報提供).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(offices_app, name="offices")
app.add_typer(employers_app, name="employers")
app.add_typer(staff_app, name="staff")
app.add_typer(partners_app, name="partners")
T = TypeVar("T")

CONTRACT = Path("openapi") / "openapi.json"


def _settings() -> Settings:
    settings = _checked_settings()
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _refuse_settings(f"MYPAGE_DATA_DIR {settings.data_dir} cannot be made: {error.strerror}")
    return settings


def _checked_settings() -> Settings:
    """The environment's settings. Bad ones end the command before it starts anything (for
    serve: before uvicorn starts its worker processes, which read the same environment)
    with one line on stderr naming each bad setting, and exit status 2."""
    try:
        return Settings()
    except (ValidationError, SettingsError) as error:
        _refuse_settings(_settings_problem(error))


def _refuse_settings(problem: str) -> NoReturn:
    typer.echo(f"mypage-api: {' '.join(problem.split())}", err=True)
    raise typer.Exit(code=2)


def _settings_problem(error: ValidationError | SettingsError) -> str:
    """Each bad setting by its variable's name, never by its value (it may be a secret)."""
    prefix = Settings.model_config.get("env_prefix", "")
    if isinstance(error, SettingsError):  # a JSON setting that does not parse
        field = re.search(r'field "(\w+)"', str(error))
        name = prefix + field.group(1).upper() if field else f"a {prefix} setting"
        if isinstance(error.__cause__, json.JSONDecodeError):
            return f"{name} is not valid JSON ({error.__cause__.msg})"
        return f"{name} cannot be read"
    problems = []
    for item in error.errors(include_url=False, include_context=False, include_input=False):
        message = item["msg"].removeprefix("Value error, ")
        if not item["loc"]:  # a check across settings: its message names them
            problems.append(message)
            continue
        head, *inner = (str(part) for part in item["loc"])
        where = f" ({'.'.join(inner)})" if inner else ""
        problems.append(f"{prefix}{head.upper()}{where}: {message}")
    return "; ".join(problems)


def _upgrade(settings: Settings) -> None:
    from mypage_api.migrate import upgrade

    upgrade(settings.effective_database_url)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (one per CPU core is usual).")
    ] = 1,
    migrate: Annotated[
        bool,
        typer.Option(
            help="Apply migrations first. With several replicas, use --no-migrate and run "
            "`db upgrade` once before them (compose.yaml's migrate service)."
        ),
    ] = True,
) -> None:
    """Migrate the database (unless --no-migrate), then serve the API (Swagger UI at /docs).

    uvicorn runs on uvloop with the httptools parser (both installed with the package) and
    without its own access log: the app logs one line per request (request_log)."""
    settings = _settings()
    if migrate:
        _upgrade(settings)
    _prepare_metrics_folder()
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": False,
        "log_config": log_config(settings.log_format),  # applied in every worker process too
        "loop": "uvloop" if importlib.util.find_spec("uvloop") else "auto",
        "http": "httptools" if importlib.util.find_spec("httptools") else "auto",
    }
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"mypage-api: Swagger UI at http://{shown}:{port}/docs (ReDoc at /redoc)")
    if workers > 1:
        # Each worker process builds its own app (and pool) from the same environment.
        uvicorn.run("mypage_api.app:create_app", factory=True, workers=workers, **options)
    else:
        from mypage_api.app import create_app

        uvicorn.run(create_app(settings), **options)


def _prepare_metrics_folder() -> None:
    """With ``PROMETHEUS_MULTIPROC_DIR`` set (metrics.py), make the folder and empty it of an
    earlier run's values, before anything here creates a metric."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for values in path.glob("*.db"):
        values.unlink()


@app.command()
def worker() -> None:
    """Send queued mail and run each day's passes (reminders, saved-search alerts, message
    expiry, log pruning) until stopped (Ctrl-C): the mail being sent is finished first."""
    settings = _settings()
    logging.config.dictConfig(log_config(settings.log_format))
    asyncio.run(_run_worker(settings))


async def _run_worker(settings: Settings) -> None:
    from mypage_api.db import Database, create_engine
    from mypage_api.mail.senders import sender_from
    from mypage_api.worker import run_forever

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    database = Database(create_engine(settings.effective_database_url))
    try:
        await run_forever(database, sender_from(settings), clock_from(settings), settings, stop)
    finally:
        await database.dispose()


@app.command()
def reminders() -> None:
    """Queue today's registration reminders and lapse notices (once a day, e.g. from cron;
    the worker also does it). Safe to run again: each mail is queued once."""
    from mypage_api.registrations.reminders import ReminderPass, ReminderResult
    from mypage_api.rules.calendar import jst_date

    settings = _settings()
    now = clock_from(settings).now()
    reminder_pass = ReminderPass(settings=settings, today=jst_date(now), now=now)
    result = ReminderResult()
    while not reminder_pass.done:  # one committed transaction per batch
        result += _in_session(settings, reminder_pass.run_batch)
    typer.echo(f"queued {result.reminders} reminders and {result.lapse_notices} lapse notices")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (alembic upgrade head)."""
    _upgrade(_settings())
    typer.echo("database is up to date")


@app.command("demo-data")
def demo_data(
    jobs: Annotated[int, typer.Option(min=0, help="Also add this many generated jobs.")] = 0,
    seed: Annotated[
        int, typer.Option(help="Seed of the generated jobs (same seed, same jobs).")
    ] = 1,
) -> None:
    """Fill the database with a Japanese demo set and its world, once (running it again
    changes nothing; not in production). With --jobs N, add N generated job postings and
    the demo employers they need, once per seed."""
    from mypage_api.clock import today
    from mypage_api.demo.data import DEMO_PASSWORD, account_lines, load_demo
    from mypage_api.seekers.schemas import Consents

    settings = _settings()
    if settings.env is Environment.production:
        typer.echo("demo data is not loaded in production", err=True)
        raise typer.Exit(code=1)
    _upgrade(settings)
    clock = clock_from(settings)
    terms = Consents(terms_version=settings.terms_version, privacy_version=settings.privacy_version)
    lines = _in_session(
        settings,
        lambda session: load_demo(
            session, settings=settings, terms=terms, today=today(clock), now=clock.now()
        ),
    )
    for line in lines:
        typer.echo(f"demo data: {line}")
    if jobs:
        from mypage_api.demo.jobs import load_jobs, terminal_progress

        with terminal_progress(jobs) as advance:
            result = _in_session(
                settings,
                lambda session: load_jobs(
                    session,
                    count=jobs,
                    seed=seed,
                    today=today(clock),
                    now=clock.now(),
                    progress=advance,
                ),
            )
        if result.already_loaded:
            typer.echo(f"demo data: the jobs of seed {seed} are loaded already: nothing added")
        else:
            typer.echo(
                f"demo data: {result.jobs} jobs of {result.employers} employers "
                f"(password {DEMO_PASSWORD}) in {result.seconds:.1f} s"
            )
    for line in account_lines(settings):
        typer.echo(f"demo data: {line}")


@offices_app.command("import")
def offices_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Load offices and their jurisdictions from a CSV (office_code, name, prefecture_code,
    postal_code, address, phone, municipality_codes separated by spaces)."""
    from mypage_api.offices.service import import_offices, read_offices_csv

    settings = _settings()
    try:
        rows = list(read_offices_csv(file))
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from None
    count = _in_session(settings, lambda session: import_offices(session, rows))
    typer.echo(f"imported {count} offices")


@employers_app.command("create")
def employers_create(
    email: Annotated[str, typer.Option(help="Sign-in e-mail address.")],
    name: Annotated[str, typer.Option(help="Company name (事業所名).")],
    office: Annotated[str, typer.Option(help="Office code of the employer's office.")],
    has_mypage: Annotated[bool, typer.Option(help="Has an employer My Page.")] = True,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)] = "",
) -> None:
    """Create an employer account (求人者)."""
    from mypage_api.accounts.service import create_employer

    settings = _settings()
    now = clock_from(settings).now()
    employer = _in_session(
        settings,
        lambda session: create_employer(
            session,
            email=email,
            password=password,
            name=name,
            office_code=office,
            has_mypage=has_mypage,
            now=now,
        ),
    )
    typer.echo(f"employer {employer.account_id} created")


@staff_app.command("create")
def staff_create(
    email: Annotated[str, typer.Option(help="Sign-in e-mail address.")],
    name: Annotated[str, typer.Option(help="Staff member's name.")],
    office: Annotated[str, typer.Option(help="Office code the staff member works at.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True)] = "",
) -> None:
    """Create a Hello Work staff account, bound to one office."""
    from mypage_api.accounts.service import create_staff

    settings = _settings()
    now = clock_from(settings).now()
    staff = _in_session(
        settings,
        lambda session: create_staff(
            session, email=email, password=password, name=name, office_code=office, now=now
        ),
    )
    typer.echo(f"staff {staff.account_id} created")


@partners_app.command("create")
def partners_create(
    name: Annotated[str, typer.Option(help="The partner organisation's name.")],
) -> None:
    """Create a partner client; its secret is printed once and kept only as a hash."""
    from mypage_api.accounts.service import create_partner

    settings = _settings()
    now = clock_from(settings).now()
    credentials = _in_session(settings, lambda session: create_partner(session, name=name, now=now))
    typer.echo(f"client_id: {credentials.client_id}")
    typer.echo(f"client_secret: {credentials.client_secret}")
    typer.echo("The secret is not shown again.")


def _in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` in one committed transaction on the configured database."""
    from mypage_api.db import Database, create_engine

    async def run() -> T:
        database = Database(create_engine(settings.effective_database_url))
        try:
            async with database.sessions() as session, session.begin():
                return await work(session)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except ProblemError as refusal:
        typer.echo(f"refused: {refusal.problem.title.en}", err=True)
        raise typer.Exit(code=1) from None


@app.command()
def openapi(
    output: Annotated[Path, typer.Option(help="Where to write the contract.")] = CONTRACT,
) -> None:
    """Write the OpenAPI contract generated from the app."""
    from mypage_api.app import create_app
    from mypage_api.openapi import contract_json

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(contract_json(create_app(_settings())), encoding="utf-8")
    typer.echo(f"wrote {output}")


def main() -> None:
    app()
