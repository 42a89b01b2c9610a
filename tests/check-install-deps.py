#!/usr/bin/env python3
"""check-install-deps.py: build-aux/install-deps.sh names every Debian package that the
build and the tests use, so a missing install step fails here and not on a fresh machine.

What is used is read from the tree itself, not from a second list that could drift:
  - the pkg-config modules and libraries the meson files ask for (dependency(),
    cc.find_library()), and the programs they look up (find_program()) or that the
    meson modules they import run (i18n, gnome);
  - the programs the shell scripts in build-aux/, tests/ and .ci/ call, the programs
    the Python tests start (subprocess, shutil.which) and those the C tests spawn by
    name (a string literal first in an argv array).
Each is found on this machine (pkg-config --path, PATH), its file is traced to the
package that owns it (dpkg -S), and that package must be in the list or be installed
by it: a listed package's dependencies, first alternative (what apt picks), followed
to the end.  Essential and required packages are on every Debian system and count as
installed.  Something used but not found at all fails too: nothing installs it.

Usage: check-install-deps.py SOURCE_ROOT [--deps-script PATH]
Prints one line a thing checked ("ok ..." or "FAIL ...") and exits 1 on any failure.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

# Used on purpose without being installed by install-deps.sh, each with the reason.
NOT_INSTALLED_ON_PURPOSE = {
    # The fuzzers are built by hand (meson_options.txt 'fuzzing' says how).
    "clang": "libFuzzer targets only, built by hand",
    # `train --download` fetches Omniglot with whichever of the two is there.
    "curl": "optional downloader of the CLI, not used by the tests",
    "wget": "optional downloader of the CLI, not used by the tests",
}

# meson's own dependency names that are not pkg-config modules: what meson asks
# pkg-config for instead on Debian 12 (OpenMPI's C bindings).
MESON_SPECIAL_DEPENDENCIES = {"mpi": "ompi-c"}

# Programs that meson's modules run on the project's behalf, by the call that runs them.
MESON_MODULE_PROGRAMS = {
    "i18n.gettext": ["msgfmt", "xgettext", "msgmerge"],
    "i18n.merge_file": ["msgfmt"],
    "gnome.compile_resources": ["glib-compile-resources"],
    "gnome.compile_schemas": ["glib-compile-schemas"],
    "gtk_update_icon_cache: true": ["gtk4-update-icon-cache"],
}

SHELL_WORDS = set("""if then else elif fi for while until do done case esac in function
select time ! { } [[ ]] [ test true false echo printf read cd exit return set unset
export local shift trap wait eval exec source . command type ulimit umask break
continue let declare readonly getopts kill pwd alias""".split())


def run(args):
    return subprocess.run(args, capture_output=True, text=True)


def listed_packages(deps_script):
    p = run(["bash", deps_script, "--list"])
    if p.returncode != 0:
        sys.exit(f"FAIL {deps_script} --list: {p.stderr.strip()}")
    return [line.strip() for line in p.stdout.splitlines() if line.strip()]


def installed_packages():
    """name -> (depends, essential-or-required, provides) for every installed package."""
    fmt = "${Package}\t${Status}\t${Essential}\t${Priority}\t${Pre-Depends}, ${Depends}\t${Provides}\n"
    out = run(["dpkg-query", "-W", "-f", fmt]).stdout
    packages, providers = {}, {}
    for line in out.splitlines():
        name, status, essential, priority, depends, provides = line.split("\t")
        if "install ok installed" not in status:
            continue
        first_alternatives = []
        for clause in depends.split(","):
            clause = clause.strip()
            if clause:
                first_alternatives.append(re.split(r"[\s(:]", clause.split("|")[0].strip())[0])
        packages[name] = (first_alternatives, essential == "yes" or priority == "required")
        for provided in provides.split(","):
            provided = re.split(r"[\s(]", provided.strip())[0]
            if provided:
                providers.setdefault(provided, []).append(name)
    return packages, providers


def installed_by(listed, packages, providers):
    """The packages that installing @listed brings, following dependencies to the end."""
    seen, todo = set(), list(listed)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages and name in providers:
            todo.extend(providers[name])   # a virtual package: whoever provides it
        seen.add(name)
        todo.extend(packages.get(name, ([], False))[0])
    return seen


def owner_candidates(path):
    """@path and the names dpkg may know it by (its target, its merged-/usr twin)."""
    candidates = [path, os.path.realpath(path)]
    for c in list(candidates):
        if c.startswith("/usr/"):
            candidates.append(c[4:])
        elif c.startswith(("/bin/", "/sbin/", "/lib/")):
            candidates.append("/usr" + c)
    return candidates


def owners(paths):
    """path -> the package that installed it (one dpkg-query for all), for those dpkg knows."""
    candidates = sorted({c for p in paths for c in owner_candidates(p)})
    out = run(["dpkg-query", "-S", *candidates]).stdout if candidates else ""
    known = {}
    for line in out.splitlines():
        if line.startswith("diversion by"):   # dpkg-divert's notes
            continue
        package, _, path = line.partition(": ")
        known[path.strip()] = package.split(",")[0].strip().split(":")[0]
    return {p: next((known[c] for c in owner_candidates(p) if c in known), None) for p in paths}


def strip_shell_noise(text):
    """A shell script without heredoc bodies, comments, arithmetic, array literals and
    the text of quoted strings (a command substituted inside double quotes is kept)."""
    lines, heredoc_end = [], None
    for line in text.splitlines():
        if heredoc_end is not None:
            if line.strip() == heredoc_end:
                heredoc_end = None
            continue
        m = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", line)
        if m:
            heredoc_end = m.group(1)
        lines.append(re.sub(r"(^|\s)#.*$", "", line) if "'" not in line and '"' not in line
                     else re.sub(r"^\s*#.*$", "", line))
    text = "\n".join(lines)
    text = re.sub(r"'[^']*'", " _q_ ", text)
    text = re.sub(r'"((?:[^"\\]|\\.)*)"',
                  lambda m: "".join(c + " ; " for c in re.findall(r"\$\([^()]*\)", m.group(1))) + " _q_ ",
                  text)
    text = re.sub(r"\$\(\((?:[^()]|\([^()]*\))*\)\)", "0", text)
    text = re.sub(r"\b\w+=\([^)]*\)", "", text)
    return re.sub(r"(^|\s)#.*$", "", text, flags=re.M)


def shell_programs(text):
    """The command words of a shell script: the first word of each simple command."""
    functions = set(re.findall(r"^\s*(\w[\w-]*)\s*\(\)", text, re.M))
    found = set()
    for segment in re.split(r"\|\||&&|[|;&()`\n]|\$\(|\bthen\b|\bdo\b|\belse\b|\bexec\b|\btime\b|!", text):
        words = segment.split()
        while words and (words[0] in ("if", "while", "until", "command", "nice", "env", "sudo", "$SUDO")
                         or re.match(r"^\w+=", words[0]) or words[0].startswith("-")):
            words = words[1:]
        if not words:
            continue
        word = words[0]
        if (word in SHELL_WORDS or word in functions or not re.match(r"^[A-Za-z][\w.+-]*$", word)):
            continue
        found.add(word)
    return found


def used_things(root):
    """(kind, name, where) for everything the build and the tests use."""
    things = set()
    meson_files = [f for f in glob.glob(os.path.join(root, "**", "meson.build"), recursive=True)
                   if "/build" not in os.path.relpath(f, root)]
    for f in meson_files:
        text = open(f, encoding="utf-8").read()
        where = os.path.relpath(f, root)
        for name in re.findall(r"\bdependency\(\s*'([^']+)'", text):
            things.add(("pkg-config", MESON_SPECIAL_DEPENDENCIES.get(name, name), where))
        for name in re.findall(r"find_library\(\s*'([^']+)'", text):
            things.add(("library", name, where))
        for name in re.findall(r"find_program\(\s*'([^'/]+)'", text):
            if not os.path.exists(os.path.join(os.path.dirname(f), name)):
                things.add(("program", name, where))
        for call, programs in MESON_MODULE_PROGRAMS.items():
            if call in text:
                things.update(("program", p, where + " (" + call + ")") for p in programs)
    things.update({("program", "meson", "README.md"), ("program", "ninja", "meson"),
                   ("program", "cc", "meson")})

    scripts = (glob.glob(os.path.join(root, "build-aux", "*.sh"))
               + glob.glob(os.path.join(root, "tests", "**", "*.sh"), recursive=True)
               + [os.path.join(root, ".ci", "run")])
    for f in scripts:
        for name in shell_programs(strip_shell_noise(open(f, encoding="utf-8").read())):
            things.add(("program", name, os.path.relpath(f, root)))

    for f in glob.glob(os.path.join(root, "tests", "**", "*.py"), recursive=True):
        if "bench" in f:
            continue   # the PyTorch comparison is run by hand, with its own packages
        text = open(f, encoding="utf-8").read()
        where = os.path.relpath(f, root)
        for name in re.findall(r"shutil\.which\(\s*\"([^\"]+)\"", text):
            things.add(("program", name, where))
        for name in re.findall(r"\bcmd\s*=\s*\[\s*\"([\w.-]+)\"", text):
            things.add(("program", name, where))
        for name in re.findall(r"subprocess\.\w+\(\s*\[\s*\"([\w.-]+)\"", text):
            things.add(("program", name, where))

    for f in glob.glob(os.path.join(root, "tests", "**", "*.c"), recursive=True):
        text = open(f, encoding="utf-8").read()
        where = os.path.relpath(f, root)
        for name in re.findall(r"argv\w*\[\]\s*=\s*\{\s*\"([\w.-]+)\"", text):
            things.add(("program", name, where))
        for name in re.findall(r"g_find_program_in_path\s*\(\s*\"([\w.-]+)\"", text):
            things.add(("program", name, where))
    return things


def locate(kind, name):
    """The file on this machine that provides @name, or None."""
    if kind == "pkg-config":
        p = run(["pkg-config", "--path", name])
        return p.stdout.strip() if p.returncode == 0 and p.stdout.strip() else None
    if kind == "library":
        p = run(["cc", "-print-file-name=lib" + name + ".so"])
        path = p.stdout.strip()
        return path if os.path.isabs(path) else None
    # The system's own copy, not one a user put first in PATH (pyenv, ~/.local):
    # a fresh machine has only the system's.
    return shutil.which(name, path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--deps-script")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    deps_script = args.deps_script or os.path.join(root, "build-aux", "install-deps.sh")
    if not shutil.which("dpkg-query"):
        print("SKIP not a Debian system: no dpkg-query")
        return 77

    listed = listed_packages(deps_script)
    packages, providers = installed_packages()
    not_installed = [p for p in listed if p not in packages]
    covered = installed_by(listed, packages, providers)
    covered.update(name for name, (_, base) in packages.items() if base)

    failures = 0
    for p in not_installed:
        print(f"FAIL {p} is listed in install-deps.sh but not installed: run it first")
        failures += 1
    by_thing = {}
    for kind, name, where in sorted(used_things(root)):
        by_thing.setdefault((kind, name), []).append(where)
    located = {thing: locate(*thing) for thing in by_thing if thing[1] not in NOT_INSTALLED_ON_PURPOSE}
    package_of = owners([path for path in located.values() if path is not None])
    for (kind, name), wheres in sorted(by_thing.items()):
        used_in = ", ".join(sorted(set(wheres)))
        if name in NOT_INSTALLED_ON_PURPOSE:
            print(f"ok   {kind} {name}: not installed on purpose ({NOT_INSTALLED_ON_PURPOSE[name]})")
            continue
        path = located[(kind, name)]
        if path is None:
            if kind == "program" and run(["bash", "-c", f"type -t {name}"]).stdout.strip() in ("builtin", "keyword"):
                continue
            print(f"FAIL {kind} {name} (used in {used_in}) is not on this machine: "
                  "no package of install-deps.sh installs it")
            failures += 1
            continue
        package = package_of[path]
        if package is None:
            print(f"FAIL {kind} {name} ({path}, used in {used_in}) belongs to no Debian package")
            failures += 1
        elif package.split(":")[0] in covered:
            print(f"ok   {kind} {name}: {package}")
        else:
            print(f"FAIL {kind} {name} (used in {used_in}) comes from {package}, "
                  "which build-aux/install-deps.sh does not install")
            failures += 1
    print(f"install-deps check: {len(by_thing)} things used, {failures} not covered")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
