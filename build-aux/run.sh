#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts Meta Workbench.
set -eu
cd "$(dirname "$0")/.."
bash build-aux/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
# Run from the build tree: compiled schemas and translations live there until installed.
exec build-aux/run-from-build.sh build "$@"
