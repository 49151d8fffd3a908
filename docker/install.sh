#!/bin/sh
# Install the service, without the dev extra, into a new virtual environment.
# The image's build runs it (Dockerfile), and so does tests/test_image_commands.py.
# usage: install.sh VENV SOURCE   (PYTHON picks the interpreter; default: python)
set -eu
venv=$1
source=$2
"${PYTHON:-python}" -m venv "$venv"
"$venv/bin/pip" install --disable-pip-version-check --no-warn-script-location "$source"
