#!/usr/bin/python3
"""Prints >= 100,000 realistic Packagist (Composer) version pairs "A<TAB>B" for the PHP
version_compare differential test. Deterministic (fixed seed).

There is no Packagist OSV dump in ../shared, so versions are built the way Composer packages tag
them (semver-like releases, stability suffixes alpha|a|beta|b|RC|patch|pl|p|dev in their common
spellings, four-part and date versions, dev-branches, wildcard .x-dev branches, Drupal-style
8.x-1.0) and then mutated: separators swapped, doubled or removed, stability words re-cased,
odd characters inserted, leading v, build metadata, long numbers.

Left out on purpose, where vigil deliberately differs from PHP (see src/version/packagist.cc):
  - `#`, to which vigil gives osv-scanner's meaning that the reference fixture demands;
  - numbers of more than 18 digits, which PHP's strtol saturates at LONG_MAX and vigil compares
    exactly (the reference fixture demands that too).
"""
import random
import re
import sys

PAIRS = 110_000

STABILITY = ["alpha", "a", "beta", "b", "RC", "rc", "patch", "pl", "p", "dev", "Alpha", "BETA", "Rc",
             "DEV", "stable", "pre", "preview", "snapshot", "final", "develop", "foo", "ga"]
SEPARATORS = ["-", ".", "", "_", "+"]
ODD = ["/", "!", "~", ":", "*", "=", ",", "@", "$", "%", "^", "&", "(", ")"]
BRANCHES = ["master", "main", "develop", "trunk", "feature/login", "fix-123", "1.x", "2.0", "release/5.4"]


def release(rng):
    n = rng.choices([1, 2, 3, 4], weights=[3, 15, 70, 12])[0]
    parts = [str(rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 20, 99, 100, 2023]))]
    parts += [str(rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 5, 9, 10, 11, 15, 25, 99])) for _ in range(n - 1)]
    return ".".join(parts)


def version(rng):
    kind = rng.randrange(20)
    base = release(rng)
    if kind < 8:
        return base
    if kind < 15:
        s = rng.choice(STABILITY[:10] + STABILITY[:10] + STABILITY[10:])
        num = rng.choice(["", "1", "2", "3", "10", ".1", ".2", "-1", "1.1", ".0.1"])
        return base + rng.choice(["-", "", ".", "-", "_"]) + s + num
    if kind == 15:
        return "dev-" + rng.choice(BRANCHES)
    if kind == 16:
        parts = base.split(".")[:3]
        i = rng.randrange(len(parts))
        parts = parts[:i + 1] + [rng.choice(["x", "X", "*"])]
        return ".".join(parts) + rng.choice(["-dev", ".dev", "dev", "-DEV"])
    if kind == 17:
        return rng.choice(["v", "V"]) + base
    if kind == 18:
        return "%d%02d%02d" % (rng.choice([2019, 2023, 2024]), rng.randrange(1, 13), rng.randrange(1, 29)) + \
            rng.choice(["", ".1", "-dev", ".120000"])
    return "8.x-" + base + rng.choice(["", "-rc1", "-beta2", "-alpha3", "-dev"])


def mutate(rng, v):
    kind = rng.randrange(10)
    if kind == 0:
        return re.sub(r"[-._+]", lambda m: rng.choice(SEPARATORS[:4]), v, count=rng.randrange(1, 3))
    if kind == 1:
        i = rng.randrange(len(v) + 1)
        return v[:i] + rng.choice(ODD + SEPARATORS[:4] + ["..", "-."]) + v[i:]
    if kind == 2:
        return re.sub(r"[A-Za-z]+", lambda m: m.group(0).swapcase(), v, count=1)
    if kind == 3:
        return v + rng.choice(["+build", "+20240101", "+", "+a.b", "-", ".", "_"])
    if kind == 4:
        return re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.choice([1, -1, 10])) if m.group(0) != "0"
                      else "1", v, count=1)
    if kind == 5:
        return re.sub(r"\d+", lambda m: str(rng.choice([10**17 + 3, 999999999999999999, 123456789012])), v,
                      count=1)
    if kind == 6:
        return rng.choice(["-", ".", "_", "v.", " ", ""]) + v
    if kind == 7:
        return re.sub(r"\.", "", v, count=1)
    if kind == 8:
        return v + rng.choice(["0", ".0", ".0.0", "1", "a1", "p1", "-1"])
    return v.replace(".", "..", 1)


def main():
    rng = random.Random(31337)
    out = []
    while len(out) < PAIRS:
        a = version(rng)
        kind = rng.randrange(5)
        if kind == 0:
            b = version(rng)
        elif kind == 1:
            b = mutate(rng, a)
        elif kind == 2:
            a, b = mutate(rng, a), mutate(rng, mutate(rng, a))
        elif kind == 3:
            b = a if rng.random() < 0.3 else re.sub(r"[A-Za-z]+", lambda m: m.group(0).upper(), a)
        else:
            b = re.sub(r"(\d+)$", lambda m: str(int(m.group(1)) + 1), a)
        if "#" in a + b or "\t" in a + b or re.search(r"\d{19}", a + b):
            continue
        out.append(a + "\t" + b)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
