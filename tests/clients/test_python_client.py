"""The Python client a partner generates from the contract with openapi-python-client
(clients/openapi-python-client.yaml): it generates without a warning, and each role walks
its way through a served API with it alone."""

import importlib
import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from types import ModuleType
from typing import Any, get_type_hints

import pytest
from reportlab.pdfgen.canvas import Canvas

from mypage_api.demo.data import DEMO_PARTNER_ID, DEMO_PARTNER_SECRET, DEMO_PASSWORD
from tests.clients.conftest import (
    CLIENTS,
    CONTRACT,
    EMPLOYER,
    GENERATOR_BIN,
    SECOND_SEEKER,
    SEEKER,
    tool,
)
from tests.serving import Served

PACKAGE = "mypage_api_client"
CONFIG = CLIENTS / "openapi-python-client.yaml"
# What the generator prints when it leaves something out or cannot tidy what it wrote.
COMPLAINTS = ("warning", "unable to", "cannot", "error", "skipping", "not in path")
MOTIVATION = "介護の仕事を続けてきました。御社で経験を生かしたいと考えています。"


@dataclass(frozen=True)
class Generated:
    root: Path
    output: str
    package: ModuleType

    def operation(self, name: str) -> ModuleType:
        """An operation's module, by its operationId in snake case, whatever its tag."""
        [path] = (self.root / PACKAGE / "api").glob(f"*/{name}.py")
        return importlib.import_module(f"{PACKAGE}.api.{path.parent.name}.{name}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    root = tmp_path_factory.mktemp("python-client")
    # The generator tidies its output with ruff, which it looks up on PATH.
    environment = {**os.environ, "PATH": f"{GENERATOR_BIN}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        [
            str(tool(GENERATOR_BIN, "openapi-python-client")),
            "generate",
            *("--path", str(CONTRACT)),
            *("--output-path", str(root / PACKAGE)),
            *("--meta", "none"),
            *("--config", str(CONFIG)),
        ],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    sys.path.insert(0, str(root))
    try:
        yield Generated(root, output, importlib.import_module(PACKAGE))
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def body(operation: ModuleType, **fields: Any) -> Any:
    """The operation's request body, made by its generated model from JSON-like fields."""
    model = get_type_hints(operation.sync_detailed)["body"]
    return model.from_dict(fields)


def expect(response: Any, status: HTTPStatus) -> Any:
    """What the generated client parsed, once the status is the one a user expects."""
    assert response.status_code == status, response.content.decode(errors="replace")
    return response.parsed


class Walker:
    """Signs people in and calls operations with the generated client."""

    def __init__(self, generated: Generated, served: Served) -> None:
        self.generated, self.base_url = generated, served.base_url

    def __call__(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        return self.generated.operation(operation).sync_detailed(*args, **kwargs)

    def sign_in(self, **form: str) -> Any:
        create_token = self.generated.operation("create_token")
        anonymous = self.generated.package.Client(base_url=self.base_url)
        token = expect(
            create_token.sync_detailed(client=anonymous, body=body(create_token, **form)),
            HTTPStatus.OK,
        )
        assert str(token.token_type).lower() == "bearer"
        return self.generated.package.AuthenticatedClient(
            base_url=self.base_url, token=token.access_token
        )

    def person(self, email: str) -> Any:
        return self.sign_in(grant_type="password", username=email, password=DEMO_PASSWORD)


@pytest.fixture
def walk(generated: Generated, served: Served) -> Walker:
    return Walker(generated, served)


def resume_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Rirekisho")
    canvas.save()
    return buffer.getvalue()


def test_the_client_is_generated_without_a_warning(generated: Generated) -> None:
    complaints = [
        line
        for line in generated.output.splitlines()
        if any(word in line.lower() for word in COMPLAINTS)
    ]
    assert complaints == [], generated.output


def test_a_seeker_finds_a_care_job_keeps_it_and_applies_with_a_resume(walk: Walker) -> None:
    seeker = walk.person(SEEKER)
    home = expect(walk("get_home", client=seeker), HTTPStatus.OK)
    assert home.office.code == "13010"
    assert home.seeker_number.startswith("13010-")
    assert home.unread_messages >= 1  # the office's welcome notice

    found = expect(walk("search_jobs", client=seeker, q="介護", online=True), HTTPStatus.OK)
    assert found.total >= len(found.items) > 0
    job = found.items[0]
    assert job.accepts_online_applications
    posting = expect(walk("get_job", job.job_number, client=seeker), HTTPStatus.OK)
    assert "介護" in f"{posting.title} {posting.occupation.name} {posting.description}"

    expect(walk("add_favorite", job.job_number, client=seeker), HTTPStatus.NO_CONTENT)
    favourites = expect(walk("list_favorites", client=seeker), HTTPStatus.OK)
    [favourite] = [f for f in favourites.items if f.job_number == job.job_number]
    assert favourite.available
    assert favourite.job.title == job.title

    upload_document = walk.generated.operation("upload_document")
    document = body(upload_document, file=resume_pdf(), kind="resume")
    file_type = walk.generated.package.types.File
    assert isinstance(document.file, file_type), "the upload's file is not generated as a File"
    document.file.file_name, document.file.mime_type = "履歴書.pdf", "application/pdf"
    uploaded = expect(
        upload_document.sync_detailed(client=seeker, body=document), HTTPStatus.CREATED
    )
    assert (uploaded.kind, uploaded.media_type, uploaded.filename) == (
        "resume",
        "application/pdf",
        "履歴書.pdf",
    )

    apply_online = walk.generated.operation("apply_online")
    application = body(
        apply_online, job_number=job.job_number, motivation=MOTIVATION, document_ids=[uploaded.id]
    )
    applied = expect(
        apply_online.sync_detailed(
            client=seeker, body=application, idempotency_key=str(uuid.uuid4())
        ),
        HTTPStatus.CREATED,
    )
    assert applied.channel == "self_online"

    read = expect(walk("get_application", applied.id, client=seeker), HTTPStatus.OK)
    assert (read.job_number, read.title, read.motivation) == (job.job_number, job.title, MOTIVATION)
    assert [d.id for d in read.documents] == [uploaded.id]
    assert read.result is None
    applying = expect(walk("list_applications", client=seeker), HTTPStatus.OK)
    assert applied.id in [a.id for a in applying.items]


def test_an_employer_posts_a_job_reads_its_applicant_and_records_the_result(
    walk: Walker,
) -> None:
    employer = walk.person(EMPLOYER)
    create_job = walk.generated.operation("create_job")
    posting = body(
        create_job,
        title="介護職員（日勤のみ）",
        occupation_code="055-01",
        occupation_name="介護職員",
        description="特別養護老人ホームでの入浴・食事の介助。未経験歓迎、資格取得支援あり。",
        employment_type="regular",
        working_style="full_time",
        wage_unit="monthly",
        wage_min=210_000,
        wage_max=260_000,
        working_hours="9:00〜18:00（休憩60分）",
        prefecture_code="13",
        municipality_code="13101",
        accepts_online_applications=True,
        publishes_employer_name=True,
    )
    job = expect(create_job.sync_detailed(client=employer, body=posting), HTTPStatus.CREATED)
    assert job.title == "介護職員（日勤のみ）"
    assert job.employer_name == "株式会社デモ商事"

    seeker = walk.person(SECOND_SEEKER)
    apply_online = walk.generated.operation("apply_online")
    application = body(apply_online, job_number=job.job_number, motivation=MOTIVATION)
    applied = expect(
        apply_online.sync_detailed(client=seeker, body=application), HTTPStatus.CREATED
    )

    applicants = expect(
        walk("list_job_applications", job.job_number, client=employer), HTTPStatus.OK
    )
    [applicant] = applicants.items
    assert applicant.id == applied.id
    assert (applicant.applicant.name, applicant.motivation) == ("鈴木 花子", MOTIVATION)
    assert applicant.result is None

    register = walk.generated.operation("register_selection_result")
    result = body(register, result="hired")
    recorded = expect(
        register.sync_detailed(applied.id, client=employer, body=result), HTTPStatus.OK
    )
    assert recorded.result == "hired"
    seen = expect(walk("get_application", applied.id, client=seeker), HTTPStatus.OK)
    assert seen.result == "hired"


def test_a_partner_lists_the_seekers_who_opted_in_and_writes_to_one(walk: Walker) -> None:
    partner = walk.sign_in(
        grant_type="client_credentials",
        client_id=DEMO_PARTNER_ID,
        client_secret=DEMO_PARTNER_SECRET,
    )
    seekers = expect(walk("browse_sharing_seekers", client=partner), HTTPStatus.OK)
    assert len(seekers.items) == 2  # both demo seekers share their profile with partners
    profile = seekers.items[0]
    assert {"name", "birth_date", "email"}.isdisjoint(profile.to_dict())
    assert profile.desired_occupations

    send = walk.generated.operation("send_partner_message")
    message = body(send, seeker_ref=profile.seeker_ref, subject="求人のご紹介", body="本文")
    sent = expect(send.sync_detailed(client=partner, body=message), HTTPStatus.CREATED)
    assert (sent.subject, sent.body, sent.direction) == ("求人のご紹介", "本文", "sent")
    thread = expect(
        walk("list_partner_thread_messages", sent.thread_id, client=partner), HTTPStatus.OK
    )
    assert sent.id in [m.id for m in thread.items]
