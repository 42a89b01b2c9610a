#!/bin/sh
# test-run-from-build.sh SHOT SRCDIR BUILDDIR: the window build-aux/run.sh starts
# (through build-aux/run-from-build.sh) speaks the language LANGUAGE asks for,
# from the catalogues in the build tree: its title is Chinese with LANGUAGE=zh_CN
# and English with LANGUAGE=en.  SHOT (x-window-shot) saves what each shows as
# run-from-build-zh_CN.png and run-from-build.png in MW_ARTIFACT_DIR.
set -u
shot=$1 srcdir=$2 build=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# As a user starts it: the script, not the test, points the window at the
# build's schemas and catalogues.  A home of its own; no session bus, so the
# window runs alone rather than handing over to another instance.
unset MW_LOCALE_DIR GSETTINGS_SCHEMA_DIR
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache" XDG_STATE_HOME="$tmp/state"
export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus"
mkdir -p "$HOME"
wait_s=$((30 * ${MW_TEST_SLOWDOWN:-1}))

# check LANGUAGE SUFFIX TITLE: the window started with LANGUAGE is titled TITLE.
# No locale is set, as in a bare root shell (the C locale, where gettext alone
# would ignore LANGUAGE).
check () {
  png="${MW_ARTIFACT_DIR:-$tmp}/run-from-build${2:+-$2}.png"
  (
    unset LC_ALL LC_MESSAGES LANG
    LANGUAGE=$1 exec "$srcdir/build-aux/run-from-build.sh" "$build"
  ) >"$tmp/window-$1.log" 2>&1 &
  window=$!
  title=$("$shot" "$png" "$wait_s")
  kill "$window" 2>/dev/null
  wait "$window" 2>/dev/null
  if [ "$title" = "$3" ]; then
    echo "ok: LANGUAGE=$1: the window is titled '$title' ($png)"
  else
    echo "FAIL: LANGUAGE=$1: the window is titled '$title', expected '$3'; its output:"
    sed 's/^/    /' "$tmp/window-$1.log"
    failures=$((failures + 1))
  fi
}

# The title is copied from po/zh_CN.po ("Meta Workbench").
check zh_CN zh_CN "元学习工作台"
check en "" "Meta Workbench"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
