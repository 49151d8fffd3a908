"""The contract passes Redocly's recommended rules (redocly.yaml; the problems accepted on
purpose are listed in .redocly.lint-ignore.yaml)."""

import os
import re
import subprocess

from tests.clients.conftest import CONTRACT, NODE_BIN, REPO, tool
from tests.databases import once_per_suite

pytestmark = once_per_suite

# A problem in the stylish format: "  6045:3   error    no-empty-servers   Servers must be …"
PROBLEM = re.compile(r"^\s+\d+:\d+\s+(error|warning)\s")


def test_the_contract_passes_the_recommended_rules() -> None:
    redocly = tool(NODE_BIN, "redocly")
    environment = {**os.environ, "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}
    linted = subprocess.run(
        [str(redocly), "lint", str(CONTRACT.relative_to(REPO)), "--format=stylish"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = linted.stdout + linted.stderr
    assert linted.returncode == 0, output
    assert "Your API description is valid" in output, output
    problems = [line for line in output.splitlines() if PROBLEM.match(line)]
    assert problems == [], output
