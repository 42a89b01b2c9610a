#!/usr/bin/env bash
# Installs the Debian 12 packages Meta Workbench needs to build, test and run.
# Needs root when something is missing; does nothing when all are present.
# --list prints the packages, one a line, and installs nothing (tests/check-install-deps.py
# checks that they cover every library and program the build and the tests use).
set -eu

packages=(
  # toolchain and build
  gcc libc6-dev pkg-config meson ninja-build python3 git
  # libraries
  libglib2.0-dev libgtk-4-dev libopenblas-dev libpng-dev libjpeg-dev libzip-dev zlib1g-dev
  # optional: data-parallel training (train --mpi) and its test
  libopenmpi-dev openmpi-bin
  # optional: the task builder's camera (Take Photos): GStreamer, its test source
  # (videotestsrc, base) and the V4L2 camera source (v4l2src, good)
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good
  # memory checks of the CLI (test cli-valgrind)
  valgrind
  # translations and data-file validation
  gettext desktop-file-utils appstream shared-mime-info
  # headless GUI tests
  xvfb dbus libgtk-4-bin fonts-dejavu-core fonts-wqy-microhei
  # far domains: dataset=fashion-mnist and dataset=hershey (their tests skip without them)
  dataset-fashion-mnist hershey-fonts-data
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "install-deps: run as root (or install sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
