#!/bin/sh
# test-cli-decimal-comma.sh CLI: in a locale that writes 0,5 for 0.5 the CLI shows the
# user decimal commas, yet the files it writes (experiment.ini, metrics.csv,
# metrics.jsonl, result.json, the checkpoint) keep decimal points and read back.
#
# Debian installs no such locale by default, so one is compiled into a temporary
# LOCPATH from the glibc locale sources when they are there; otherwise the test is
# skipped (status 77).
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

locale=de_DE.UTF-8
mkdir -p "$tmp/locales"
# localedef may exit non-zero for mere warnings: what counts is the compiled locale.
localedef -i de_DE -f UTF-8 "$tmp/locales/$locale" >"$tmp/localedef.log" 2>&1
if [ ! -f "$tmp/locales/$locale/LC_NUMERIC" ]; then
  echo "SKIP: cannot build the $locale locale (localedef and the glibc locale sources" \
    "in /usr/share/i18n are needed):"
  cat "$tmp/localedef.log"
  exit 77
fi
export LOCPATH="$tmp/locales" LC_ALL=$locale LANGUAGE=en
if [ "$(env printf '%.1f' 0.5)" != "0,5" ]; then
  echo "SKIP: setlocale ($locale) fails even with LOCPATH=$LOCPATH"
  exit 77
fi

failures=0
fail () {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

out="$tmp/run"
"$cli" train --threads 1 --set iterations=3 --set eval-every=2 --set val-episodes=4 \
  --set test-episodes=10 --set meta-batch=2 --set glyph-classes=20 --set glyph-samples=8 \
  --set inner-lr=0.25 -o "$out" >"$tmp/stdout" 2>&1 || fail "train failed"
cat "$tmp/stdout"

# What people read follows the locale ...
grep -q 'Trained 3 iterations in [0-9]*,[0-9] s' "$tmp/stdout" \
  || fail "the summary does not show a decimal comma (is setlocale called?)"
# ... what programs read does not.
grep -qx 'inner-lr=0.25' "$out/experiment.ini" || fail "experiment.ini: no 'inner-lr=0.25'"
grep -qx 'train-fraction=0.7' "$out/experiment.ini" || fail "experiment.ini: no 'train-fraction=0.7'"
grep -q '"train_seconds": [0-9]*\.[0-9]*,' "$out/result.json" || fail "result.json: train_seconds"
grep -q '"accuracy": 0\.[0-9]*,' "$out/result.json" || fail "result.json: accuracy"
# A data row: integers, then numbers with points and no commas inside a field.
sed -n 2p "$out/metrics.csv" | grep -Eq '^1,2,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,,,,$' \
  || fail "metrics.csv: row 1 is '$(sed -n 2p "$out/metrics.csv")'"
grep -q '"seconds":[0-9.e-]*,' "$out/metrics.jsonl" || fail "metrics.jsonl: seconds"
# The checkpoint's header and the settings read back: eval runs from it.
"$cli" eval --threads 1 --episodes 5 "$out/checkpoint.mwc" >"$tmp/eval" 2>&1 \
  || { cat "$tmp/eval"; fail "eval cannot read the checkpoint written under $locale"; }

if [ "$failures" -gt 0 ]; then
  cat "$out/experiment.ini" "$out/result.json"
  exit 1
fi
echo "files stay portable under $locale"
