#!/usr/bin/env bash
# Installs a build into a staging directory (meson install --destdir) and checks that
# the desktop integration lands where a desktop finds it and validates there: the
# programs, the .desktop file, AppStream metainfo, icons, the GSettings schema, the
# MIME package, the translations and the teachers' guide.
# Usage: check-install.sh BUILDDIR
set -u
build=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
if ! meson install -C "$build" --destdir "$stage" --no-rebuild --quiet >"$stage.log" 2>&1; then
  cat "$stage.log"; rm -f "$stage.log"
  echo "check-install: meson install failed"; exit 1
fi
rm -f "$stage.log"
prefix=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
root="$stage$prefix"
id=io.github.metaworkbench.MetaWorkbench
fail=0
for f in bin/meta-workbench bin/meta-workbench-cli \
         share/applications/$id.desktop share/metainfo/$id.metainfo.xml \
         share/icons/hicolor/scalable/apps/$id.svg \
         share/icons/hicolor/symbolic/apps/$id-symbolic.svg \
         share/glib-2.0/schemas/$id.gschema.xml share/mime/packages/$id.mime.xml \
         share/locale/zh_CN/LC_MESSAGES/meta-workbench.mo \
         share/doc/meta-workbench/teachers.md; do
  if [ -e "$root/$f" ]; then echo "ok   installed $f"; else echo "FAIL missing $f"; fail=1; fi
done
desktop-file-validate "$root/share/applications/$id.desktop" && echo "ok   desktop-file-validate" || fail=1
appstreamcli validate --no-net "$root/share/metainfo/$id.metainfo.xml" >/dev/null &&
  echo "ok   appstreamcli validate" || { appstreamcli validate --no-net "$root/share/metainfo/$id.metainfo.xml"; fail=1; }
glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas" && echo "ok   schema compiles" || fail=1
grep -q '^Name\[zh_CN\]=' "$root/share/applications/$id.desktop" &&
  echo "ok   desktop file translated" || { echo "FAIL desktop file has no zh_CN name"; fail=1; }
grep -q 'xml:lang="zh_CN"' "$root/share/metainfo/$id.metainfo.xml" &&
  echo "ok   metainfo translated" || { echo "FAIL metainfo has no zh_CN text"; fail=1; }
exit $fail
