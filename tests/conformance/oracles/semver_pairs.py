#!/usr/bin/python3
"""Prints >= 100,000 realistic SemVer version pairs "A<TAB>B" for the npm semver differential test.

Real versions come from the OSV dumps of crates.io and Go (../shared/data/osv/<eco>/all.zip, read
with zipfile) plus typical npm versions; mutations stress the rules: numeric and alphanumeric
prerelease identifiers, leading v / = / V, build metadata, huge numbers, leading zeros, empty
identifiers. Deterministic (fixed seed).

Pairs where vigil is deliberately more lenient than npm's strict parser are left out, because
the OSV reference fixture (osv-scanner's parser) demands that vigil accept them:
  - fewer or more than three numeric components (1.2, Go's introduced "0", 1.1.3.4.5), which npm
    rejects; vigil reads missing components as 0 and extra ones as numbers after the patch;
  - numeric components above 2^53-1, which npm rejects; vigil compares numbers of any size;
  - numeric prerelease identifiers above 2^53-1, which npm accepts but compares as doubles
    (losing precision); vigil compares them exactly.
Every other version npm rejects (leading zeros, `=`, `V`, empty identifiers, other characters)
vigil rejects too, and the oracle's "error" checks exactly that.
"""
import json
import os
import random
import re
import sys
import zipfile

MAX_SAFE_INTEGER = 2**53 - 1
PAIRS = 120_000
CORPUS = os.environ.get("VIGIL_CORPUS") or os.path.join(os.path.dirname(__file__), "../../../../shared")

NPM_VERSIONS = """
0.0.0 0.0.1 0.1.0 0.9.9 0.10.0 1.0.0 1.0.1 1.2.3 1.10.0 2.0.0 3.4.5 4.17.21 5.0.0-beta.1 6.0.0-rc.0
7.0.0-alpha.0 7.0.0-next.3 8.0.0-canary.12 16.14.0 18.2.0 18.3.0-canary-e7d0053e6-20220325 0.0.0-dev
1.0.0-0 1.0.0-1 1.0.0-beta 1.0.0-beta.2 1.0.0-beta.11 1.0.0-rc.1 1.0.0-x.7.z.92 1.0.0-alpha+001
1.0.0+20130313144700 1.0.0-beta+exp.sha.5114f85 1.0.0+21AF26D3----117B344092BD 2.0.0-pre.1
3.0.0-insiders.20230101 12.1.6 9.0.0-pre-2 1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay
10.2.3-DEV-SNAPSHOT 1.2.3----RC-SNAPSHOT.12.9.1--.12+788 1.2.3----R-S.12.9.1--.12+meta
1.0.0-0A.is.legal 99999.99999.99999 9007199254740991.0.0 1.0.0-9007199254740991
""".split()

PRERELEASES = ["alpha", "beta", "rc", "0", "1", "2", "9", "10", "11", "alpha.1", "alpha.10", "beta.2",
               "beta.11", "rc.1", "rc.0", "x-y", "-", "--", "a-1", "1a", "0a", "0-", "SNAPSHOT", "Alpha",
               "ALPHA", "a.b.c", "a.b.1", "1.a", "next.0", "canary.3", "pre", "dev.20240101",
               "0.20210101000000-abcdef123456", "20210101000000-abcdef123456", "alpha2.0.20251204214633-dd",
               "9007199254740991", "4294967296", "1.2.3.4.5.6"]
BAD_PRERELEASES = ["01", "00", "a..b", "", ".a", "a.", "a_b", "a b", "é", "a.01"]
BUILDS = ["build", "001", "incompatible", "a.b", "exp.sha.5114f85", "20130313144700", "-", "x.01"]
BAD_BUILDS = ["", "a..b", "a_b", ".a", "a+b"]
HUGE = ["9007199254740991", "9007199254740990", "4503599627370496", "2147483648", "4294967295"]


def real_versions():
    versions = set()
    for eco in ("crates.io", "Go"):
        path = os.path.join(CORPUS, "data/osv", eco, "all.zip")
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                record = json.loads(archive.read(name))
                for affected in record.get("affected", []):
                    versions.update(affected.get("versions", []))
                    for r in affected.get("ranges", []):
                        for event in r.get("events", []):
                            for key in ("introduced", "fixed", "last_affected"):
                                if key in event:
                                    versions.add(event[key])
    return sorted(v for v in versions if "\t" not in v and "\n" not in v)


MAIN = re.compile(r"^v?([0-9]+(?:\.[0-9]+)*)(?:-([^+]*))?(?:\+.*)?$")


def more_lenient_than_npm(v):
    """True if vigil deliberately accepts or orders `v` differently from npm (see the docstring)."""
    m = MAIN.match(v)
    if not m:
        return False
    parts = m.group(1).split(".")
    if len(parts) != 3 or any(int(p) > MAX_SAFE_INTEGER for p in parts):
        return True
    pre = m.group(2)
    return pre is not None and any(i.isdigit() and int(i) > MAX_SAFE_INTEGER for i in pre.split("."))


def split(v):
    """(prefix, [main parts], prerelease or None, build or None) of a version-like string."""
    prefix = "v" if v.startswith("v") else ""
    rest = v[len(prefix):]
    build = None
    if "+" in rest:
        rest, build = rest.split("+", 1)
    pre = None
    if "-" in rest:
        rest, pre = rest.split("-", 1)
    return prefix, rest.split("."), pre, build


def join(prefix, parts, pre, build):
    return prefix + ".".join(parts) + ("" if pre is None else "-" + pre) + ("" if build is None else "+" + build)


def mutate(rng, v):
    prefix, parts, pre, build = split(v)
    kind = rng.randrange(14)
    if kind == 0:
        pre = rng.choice(PRERELEASES)
    elif kind == 1:
        pre = (pre + "." if pre else "") + rng.choice(PRERELEASES)
    elif kind == 2:
        pre = None
    elif kind == 3:
        build = rng.choice(BUILDS)
    elif kind == 4:
        prefix = rng.choice(["v", "", "=", "V", "vv", "v="])
    elif kind == 5:
        i = rng.randrange(len(parts))
        if parts[i].isdigit():
            parts[i] = str(int(parts[i]) + rng.choice([-1, 1, 1, 2, 9, 10]) if int(parts[i]) > 0 else 1)
    elif kind == 6:
        parts[rng.randrange(len(parts))] = rng.choice(HUGE)
    elif kind == 7:
        parts[rng.randrange(len(parts))] = "0" + parts[rng.randrange(len(parts))]
    elif kind == 8:
        pre = rng.choice(BAD_PRERELEASES) if rng.random() < 0.7 else (pre or "a") + "." + rng.choice(BAD_PRERELEASES)
    elif kind == 9:
        build = rng.choice(BAD_BUILDS)
    elif kind == 10 and pre:
        # Flip a numeric identifier or the case of an alphanumeric one.
        ids = pre.split(".")
        i = rng.randrange(len(ids))
        ids[i] = str(int(ids[i]) + rng.choice([1, 9, 10])) if ids[i].isdigit() else ids[i].swapcase()
        pre = ".".join(ids)
    elif kind == 11:
        s = join(prefix, parts, pre, build)
        i = rng.randrange(len(s) + 1)
        return s[:i] + rng.choice(["_", ".", "-", "+", "a", "0", "x"]) + s[i:]
    elif kind == 12:
        pre = rng.choice(PRERELEASES) + "." + rng.choice(HUGE)
    else:
        return join(prefix, parts, pre, build) + ("+" + rng.choice(BUILDS) if build is None else "")
    return join(prefix, parts, pre, build)


def main():
    rng = random.Random(20240611)
    base = real_versions() + NPM_VERSIONS
    assert len(base) > 1000, "OSV dumps not found or empty"
    ordered = sorted(base, key=lambda v: (split(v)[1], v))
    out = []
    while len(out) < PAIRS:
        kind = rng.randrange(6)
        a = rng.choice(base)
        if kind == 0:
            b = rng.choice(base)
        elif kind == 1:
            i = ordered.index(a) if rng.random() < 0.01 else rng.randrange(len(ordered) - 1)
            a, b = ordered[i], ordered[i + 1]
        elif kind == 2:
            b = mutate(rng, a)
        elif kind == 3:
            a, b = mutate(rng, a), mutate(rng, a)
        elif kind == 4:
            b = mutate(rng, mutate(rng, a))
        else:
            b = a if rng.random() < 0.5 else ("v" + a if not a.startswith("v") else a[1:])
        if more_lenient_than_npm(a) or more_lenient_than_npm(b):
            continue
        out.append(a + "\t" + b)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
