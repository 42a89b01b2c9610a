#!/bin/sh
# xvfb-test.sh SCREEN PROGRAM [ARGS...]: runs PROGRAM on a virtual X server of its own
# (SCREEN as WIDTHxHEIGHTxDEPTH) and exits with PROGRAM's status.  Xvfb picks a free
# display number itself and reports it (-displayfd), so GUI tests can run side by side;
# `xvfb-run -a` guesses a number, and two started at once race for it.
set -u
screen=$1; shift
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
# Xvfb writes the number once it accepts connections: wait for that, or for it to die.
while [ ! -s "$dir/display" ]; do
  if ! kill -0 "$xvfb" 2>/dev/null; then
    echo "xvfb-test: Xvfb did not start:" >&2; cat "$dir/xvfb.log" >&2
    exit 1
  fi
  sleep 0.05
done
DISPLAY=:$(cat "$dir/display")
# The server serves this test alone: a test that times its window can tell the
# server's time (drawing, waiting for a processor) from the window's own.
MW_TEST_XSERVER_PID=$xvfb
export DISPLAY MW_TEST_XSERVER_PID
"$@"
status=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
exit $status
