#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts Meta Workbench.
set -eu
cd "$(dirname "$0")/.."
bash build-aux/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
# Run from the build tree: compiled GSettings schemas live there until installed.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec ./build/app/meta-workbench "$@"
