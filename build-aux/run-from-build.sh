#!/bin/sh
# run-from-build.sh BUILD_DIR [ARGS...]: starts the window built in BUILD_DIR without
# installing it, with the GSettings schemas and the translations compiled there
# (build/data, build/po), so LANGUAGE=zh_CN gives a Chinese window.  build-aux/run.sh
# and the test run-from-build-zh_CN start it so.
set -eu
build=$(cd "$1" && pwd)
shift
export GSETTINGS_SCHEMA_DIR="$build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export MW_LOCALE_DIR="$build/po"
# gettext ignores LANGUAGE in the plain C locale, which a bare root shell has.
if [ -z "${LC_ALL:-}${LC_MESSAGES:-}${LANG:-}" ]; then
  export LANG=C.UTF-8
fi
exec "$build/app/meta-workbench" "$@"
