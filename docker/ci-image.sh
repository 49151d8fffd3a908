#!/usr/bin/env bash
# CI: build the image and start it where a container engine works (podman or docker, and
# the base image can be pulled and run); /healthz must answer. Elsewhere it says why it
# skips: tests/test_image_commands.py runs the image's install and start commands in a
# fresh virtual environment, and tests/test_dockerfile.py runs hadolint.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=$(command -v podman || command -v docker || true)
base=$(awk 'toupper($1) == "FROM" { print $2; exit }' Dockerfile)
skip() { echo "NOTICE: image build skipped: $1"; exit 0; }
[ -n "$engine" ] || skip "no container engine (podman or docker)"
"$engine" info >/dev/null 2>&1 || skip "$engine info fails"
"$engine" pull -q "$base" >/dev/null 2>&1 || skip "$base cannot be pulled (no registry)"
"$engine" run --rm "$base" python -c pass >/dev/null 2>&1 || skip "$engine cannot run $base"

image="mypage-api:ci-$$"
name="mypage-api-ci-$$"
flags=()
[[ $engine == *podman ]] && flags=(--format docker)  # keeps HEALTHCHECK (OCI has none)
"$engine" build "${flags[@]}" -t "$image" .
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { "$engine" rm -f "$name" >/dev/null 2>&1 || true; "$engine" rmi -f "$image" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# Refused with one line while a production setting is missing (exit status 2).
set +e
refusal=$("$engine" run --rm "$image" mypage-api db upgrade 2>&1)
status=$?
set -e
[ "$status" -eq 2 ] && [ "$(printf '%s\n' "$refusal" | wc -l)" -eq 1 ] || {
  echo "expected one line and status 2 without MYPAGE_JWT_KEYS, got $status: $refusal"; exit 1; }

key=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
"$engine" run -d --name "$name" -p "127.0.0.1:$port:8000" \
  -e MYPAGE_JWT_KEYS="{\"ci\":\"$key\"}" -e MYPAGE_PUBLIC_BASE_URL=https://mypage.example.jp \
  "$image" >/dev/null
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/healthz" && curl -fsS "http://127.0.0.1:$port/readyz"; then
    echo; echo "image: /healthz and /readyz answer"; exit 0
  fi
  sleep 1
done
"$engine" logs "$name" | tail -n 50
echo "image: /healthz did not answer within 60 s"; exit 1
