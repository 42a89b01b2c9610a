#!/bin/sh
# validate-mime.sh PACKAGE.xml TYPE GLOB: builds a shared-mime-info database from the
# package file alone, as update-mime-database does when it is installed, and checks
# that TYPE is known by GLOB and by its magic (where gio is there, as a file manager
# sees it: a file with that name, and one without an extension that starts like an
# experiment file).  update-mime-database reports a bad file but still exits 0, so
# anything it reports fails here.
set -eu

xml=$1
type=$2
glob=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/mime/packages" "$tmp/home"
cp "$xml" "$tmp/mime/packages/"

fail () {
  echo "validate-mime: $*" >&2
  exit 1
}

update-mime-database "$tmp/mime" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; fail "update-mime-database failed"; }
# Its note that the temporary folder is not in the search path is expected.
if grep -Eiq 'error|failed|warning|unknown' "$tmp/log"; then
  cat "$tmp/log" >&2
  fail "$xml has problems"
fi
grep -Fqx "50:$type:$glob" "$tmp/mime/globs2" || fail "no $glob glob for $type"
grep -Fq "[50:$type]" "$tmp/mime/magic" || fail "no magic for $type"
grep -Fqx "$type text/plain" "$tmp/mime/subclasses" || fail "$type is not text/plain"

if command -v gio > /dev/null 2>&1; then
  content_type () {
    XDG_DATA_HOME="$tmp/home" XDG_DATA_DIRS="$tmp" gio info -a standard::content-type "$1" \
      | sed -n 's/^ *standard::content-type: //p'
  }
  printf '# Meta Workbench experiment (same file + seed = same curves)\n\n[experiment]\nseed=1\n' > "$tmp/lesson"
  cp "$tmp/lesson" "$tmp/lesson${glob#\*}"
  printf 'Dear students,\n' > "$tmp/notes"
  for f in "lesson" "lesson${glob#\*}"; do
    got=$(content_type "$tmp/$f")
    [ "$got" = "$type" ] || fail "$f is '$got' to GIO, not $type"
  done
  got=$(content_type "$tmp/notes")
  [ "$got" != "$type" ] || fail "any text file is $type to GIO"
fi
echo "validate-mime: $type ok"
