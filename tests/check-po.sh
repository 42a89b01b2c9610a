#!/bin/sh
# check-po.sh SRCDIR [LANG...]: every translation (default: po/LINGUAS) is complete
# and current.
#
# Fails when a catalogue has fuzzy or untranslated entries or mismatched format
# specifiers (msgfmt -c --check-format), or lacks a message the sources now contain:
# the messages are extracted afresh from po/POTFILES.in, as the pot target does, so a
# new _() string without a translation fails here rather than showing up in English.
set -eu
srcdir=$1
shift
[ $# -gt 0 ] || set -- $(grep -v '^#' "$srcdir/po/LINGUAS")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The glib preset's keywords (meson's i18n.gettext(preset: 'glib')).
xgettext --directory="$srcdir" --files-from="$srcdir/po/POTFILES.in" \
  --from-code=UTF-8 --add-comments --output="$tmp/current.pot" \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=Q_:1g \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format --flag=g_snprintf:3:c-format

status=0
for lang in "$@"; do
  po="$srcdir/po/$lang.po"
  stats=$(msgfmt -c --check-format --statistics -o /dev/null "$po" 2>&1) || {
    echo "$stats"
    echo "$lang.po: msgfmt -c --check-format failed"
    status=1
    continue
  }
  echo "$lang.po: $stats"
  case $stats in
    *fuzzy* | *untranslated*)
      echo "$lang.po: has fuzzy or untranslated messages"
      status=1
      ;;
  esac
  # msgcmp counts untranslated and fuzzy entries as missing too.
  if ! msgcmp "$po" "$tmp/current.pot" 2>"$tmp/msgcmp.log"; then
    sed 's/^/  /' "$tmp/msgcmp.log" | head -40
    echo "$lang.po: lacks messages that the sources contain (update with" \
      "'meson compile -C BUILDDIR meta-workbench-update-po')"
    status=1
  fi
done
exit $status
