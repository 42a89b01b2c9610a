#!/usr/bin/env bash
# Builds and runs every test: the full build (GUI tests under Xvfb) and an install check
# (build-aux/check-install.sh), then every test again in an AddressSanitizer +
# UndefinedBehaviorSanitizer build (GUI tests under Xvfb too).  Ends with the line
# "N passed, N failed[, N skipped]" and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
root=$PWD

# Data the tests may use (they skip with a message when it is absent).
if [ -z "${MW_OMNIGLOT_DIR:-}" ] && [ -d "$root/../shared/data/omniglot" ]; then
  export MW_OMNIGLOT_DIR="$root/../shared/data/omniglot"
fi

build_failures=0
extra_passed=0

# configure_and_build DIR [meson options...]
configure_and_build () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >"$dir.setup.log" 2>&1
  else
    meson setup "$dir" "$@" >"$dir.setup.log" 2>&1
  fi || { cat "$dir.setup.log"; echo "test.sh: meson setup of $dir failed"; return 1; }
  meson compile -C "$dir" || { echo "test.sh: build of $dir failed"; return 1; }
}

run_suite () {
  local dir=$1; shift
  rm -f "$dir/meson-logs/testlog.json"
  meson test -C "$dir" --print-errorlogs --num-processes 2 "$@"
}

started=$SECONDS
if configure_and_build build; then
  # The guide's screenshots train classroom runs for many minutes: taken on
  # purpose (meson test --suite screenshots), not on every test run.
  run_suite build --no-suite screenshots
  # What `meson install` puts on a desktop, validated where it lands.
  if bash build-aux/check-install.sh build; then
    extra_passed=1
  else
    build_failures=$((build_failures + 1))
  fi
else
  build_failures=$((build_failures + 1))
fi

echo "test.sh: build/ and its tests took $((SECONDS - started)) s"

# The sanitizer build: the same suites (GUI included), optimised as the normal build is
# (-O2, the core -O3: the sanitizers' checks stay, and the suite runs several times
# faster than at -O0) with debug information for the reports.  Any ASan, LeakSanitizer
# or UBSan report fails its test (tests/meson.build sets the options; build-aux/lsan.supp
# says which system libraries' own allocations are left out); slow tests run a reduced
# workload there (MW_TEST_SANITIZER).
started=$SECONDS
if configure_and_build build-asan -Dgui=true -Dbuildtype=debugoptimized \
     -Db_sanitize=address,undefined -Db_lundef=false; then
  run_suite build-asan --no-suite screenshots
else
  build_failures=$((build_failures + 1))
fi
echo "test.sh: the sanitizer build and its tests took $((SECONDS - started)) s"

python3 - "$build_failures" "$extra_passed" build/meson-logs/testlog.json build-asan/meson-logs/testlog.json <<'PY'
import json, os, sys
failed_builds = int(sys.argv[1])
passed, failed, skipped = int(sys.argv[2]), 0, 0
for path in sys.argv[3:]:
    if not os.path.exists(path):
        continue
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
failed += failed_builds
print()
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY
