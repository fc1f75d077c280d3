#!/usr/bin/python3
"""Builds the lockfile tree of `scripts/bench scan` (c): COUNT package files of every format that
vigil recognises by name, copied from the lockfile conformance fixtures into distinct directories.
Deterministic: the same fixtures give the same tree, byte for byte. Prints the files' paths."""
import argparse
import json
import os
import shutil
import sys

# Where each conformance parser's file must sit, relative to its own directory, to be claimed by
# name. `csv` is absent: it is read only with `--as csv`, never recognised.
FILE_NAMES = {
    "package-lock.json": "package-lock.json",
    "node_modules/.package-lock.json": "node_modules/.package-lock.json",
    "yarn.lock": "yarn.lock",
    "pnpm-lock.yaml": "pnpm-lock.yaml",
    "requirements.txt": "requirements.txt",
    "poetry.lock": "poetry.lock",
    "Pipfile.lock": "Pipfile.lock",
    "pdm.lock": "pdm.lock",
    "go.mod": "go.mod",
    "Cargo.lock": "Cargo.lock",
    "Gemfile.lock": "Gemfile.lock",
    "composer.lock": "composer.lock",
    "pom.xml": "pom.xml",
    "gradle.lockfile": "gradle.lockfile",
    "gradle/verification-metadata.xml": "gradle/verification-metadata.xml",
    "pubspec.lock": "pubspec.lock",
    "mix.lock": "mix.lock",
    "conan.lock": "conan.lock",
    "packages.lock.json": "packages.lock.json",
    "renv.lock": "renv.lock",
    "dpkg-status": "var/lib/dpkg/status",
    "apk-installed": "lib/apk/db/installed",
}


def includes_other_files(path):
    # A requirements file with -r/-c needs its neighbours under their own names; leave those out.
    with open(path, encoding="utf-8", errors="replace") as f:
        return any(line.lstrip().startswith(("-r", "-c", "--requirement", "--constraint")) for line in f)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("fixtures", help="the lockfile fixture folder (../shared/fixtures/lockfiles)")
    parser.add_argument("tree", help="the folder to create; must not exist")
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()

    with open(os.path.join(args.fixtures, "expected.json"), encoding="utf-8") as f:
        cases = json.load(f)
    by_parser = {name: set() for name in FILE_NAMES}
    for case in cases:
        # Only fixtures that parse: the bench measures scanning, not error reporting.
        if case["expect"] != "packages" or case["parser"] not in FILE_NAMES:
            continue
        source = os.path.join(args.fixtures, case["fixture"])
        if case["parser"] == "requirements.txt" and includes_other_files(source):
            continue
        by_parser[case["parser"]].add(case["fixture"])
    parsers = sorted(p for p, fixtures in by_parser.items() if fixtures)
    fixtures = {p: sorted(by_parser[p]) for p in parsers}

    # Round robin over the formats so that every one is represented about equally.
    os.makedirs(args.tree)
    for i in range(args.count):
        parser_name = parsers[i % len(parsers)]
        choices = fixtures[parser_name]
        fixture = choices[(i // len(parsers)) % len(choices)]
        target = os.path.join(args.tree, f"project-{i:03d}", FILE_NAMES[parser_name])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(args.fixtures, fixture), target)
        print(target)
    print(f"{args.count} files of {len(parsers)} formats", file=sys.stderr)


if __name__ == "__main__":
    main()
