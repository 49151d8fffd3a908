"""The TypeScript types a front end generates from the contract (openapi-typescript): the
committed walk (clients/typescript/walk.ts, on openapi-fetch) compiles against them with
``tsc --strict`` without a diagnostic and walks a served API as a seeker (up to applying
with an uploaded document), an employer and a partner."""

import json
import os
import subprocess
from pathlib import Path

import pytest

from mypage_api.demo.data import DEMO_PARTNER_ID, DEMO_PARTNER_SECRET, DEMO_PASSWORD
from tests.clients.conftest import (
    CLIENTS,
    CONTRACT,
    EMPLOYER,
    NODE_BIN,
    SECOND_SEEKER,
    SEEKER,
    tool,
)
from tests.serving import Served

WALK = CLIENTS / "typescript" / "walk.ts"


def run(command: list[str], cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **environment},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The walk compiled against types generated from the contract; the compiled file."""
    root = tmp_path_factory.mktemp("typescript-client")
    schema = root / "schema.d.ts"
    generated = run(
        [
            str(tool(NODE_BIN, "openapi-typescript")),
            str(CONTRACT),
            *("--default-non-nullable", "false"),
            *("--output", str(schema)),
        ],
        cwd=root,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "warn" not in (generated.stdout + generated.stderr).lower(), generated.stderr
    # The tools' modules and type packages, for the compiler here and for node at run time.
    (root / "node_modules").symlink_to(CLIENTS / "node_modules", target_is_directory=True)
    build = root / "build"
    settings = {
        "extends": str(CLIENTS / "tsconfig.json"),
        "compilerOptions": {"outDir": str(build), "paths": {"mypage-api-schema": [str(schema)]}},
        "files": [str(WALK)],
    }
    (root / "tsconfig.json").write_text(json.dumps(settings, indent=2))
    compiled = run([str(tool(NODE_BIN, "tsc")), "--project", str(root), "--pretty", "false"], root)
    assert (compiled.returncode, compiled.stdout + compiled.stderr) == (0, "")
    (build / "package.json").write_text('{"type": "module"}\n')
    return build / "walk.js"


def test_the_walk_compiles_against_the_generated_types(compiled: Path) -> None:
    assert compiled.is_file()


def test_a_seeker_an_employer_and_a_partner_walk_the_served_api(
    compiled: Path, served: Served
) -> None:
    walked = run(
        ["node", str(compiled)],
        compiled.parent,
        API_BASE_URL=served.base_url,
        SEEKER_USERNAME=SEEKER,
        SECOND_SEEKER_USERNAME=SECOND_SEEKER,
        SEEKER_PASSWORD=DEMO_PASSWORD,
        EMPLOYER_USERNAME=EMPLOYER,
        EMPLOYER_PASSWORD=DEMO_PASSWORD,
        PARTNER_CLIENT_ID=DEMO_PARTNER_ID,
        PARTNER_CLIENT_SECRET=DEMO_PARTNER_SECRET,
    )
    assert walked.returncode == 0, walked.stdout + walked.stderr
    steps = [json.loads(line) for line in walked.stdout.splitlines()]
    assert [step.pop("step") for step in steps] == [
        *("token", "home", "search", "favourites", "upload", "apply", "application"),
        *("token", "job", "token", "applicants", "result"),
        *("token", "seekers", "message"),
    ]
    [token, home, search, favourites, upload, apply, application] = steps[:7]
    [employer_token, job, applicant_token, applicants, result] = steps[7:12]
    [partner_token, seekers, message] = steps[12:]

    assert token == {"grant_type": "password", "token_type": "bearer"}
    assert home["office"] == "13010"
    assert home["seeker_number"].startswith("13010-")
    assert home["unread_messages"] >= 1  # the office's welcome notice
    assert search["total"] >= search["count"] > 0
    assert favourites == {
        "status": 204,
        "job_number": search["job_number"],
        "title": search["title"],
        "available": True,
    }
    assert upload == {
        "status": 201,
        "kind": "resume",
        "filename": "履歴書.pdf",
        "media_type": "application/pdf",
        "size": upload["size"],
        "same_bytes": True,
    }
    assert apply == {"status": 201, "channel": "self_online", "job_number": search["job_number"]}
    assert application == {
        "job_number": search["job_number"],
        "title": search["title"],
        "motivation": "介護の仕事を続けてきました。御社で経験を生かしたいと考えています。",
        "documents": [application["uploaded"]],
        "uploaded": application["uploaded"],
        "result": None,
        "posting_title": search["title"],
    }

    assert employer_token == applicant_token == token
    assert job == {
        "status": 201,
        "title": "介護職員（夜勤なし）",
        "employer_name": "株式会社デモ商事",
        "state": "open",
    }
    assert applicants == {
        "count": 1,
        "name": "鈴木 花子",
        "motivation": "介護の仕事を続けてきました。御社で経験を生かしたいと考えています。",
        "result": None,
    }
    assert result == {"status": 200, "recorded": "hired", "seen_by_seeker": "hired"}

    assert partner_token == {"grant_type": "client_credentials", "token_type": "bearer"}
    assert seekers["count"] == 2  # both demo seekers share their profile with partners
    assert "seeker_ref" in seekers["fields"]
    assert {"name", "birth_date", "email"}.isdisjoint(seekers["fields"])
    assert message == {
        "status": 201,
        "thread_id": message["thread_id"],
        "direction": "sent",
        "subject": "求人のご紹介",
        "in_thread": True,
    }
