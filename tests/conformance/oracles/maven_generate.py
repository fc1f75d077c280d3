#!/usr/bin/env python3
"""Prints realistic Maven version pairs "A<TAB>B" for the ComparableVersion differential test.

Versions are built the way real Maven Central artifacts spell them (release trains, qualifiers,
snapshots with timestamps, vendor suffixes) and then mutated in the ways ComparableVersion is
sensitive to: case, '.' vs '-', digit/letter transitions, zeros, number sizes and unknown words.
Deterministic (fixed seed)."""
import random

rng = random.Random(20240607)

QUALIFIERS = [
    "SNAPSHOT", "RELEASE", "Final", "FINAL", "final", "GA", "ga", "release", "alpha", "Alpha", "ALPHA",
    "beta", "Beta", "BETA", "a", "b", "m", "M", "RC", "rc", "CR", "cr", "Cr", "milestone", "Milestone",
    "sp", "SP", "jre", "android", "incubating", "redhat", "jboss", "dev", "pre", "preview", "ea", "u",
    "x", "h", "c", "r", "v", "foo", "xyz", "klm", "lmn", "spring", "native", "jdk8", "java8", "kotlin",
]
JOINERS = ["-", ".", "", "-", "."]
WORDS_LONG = ["SNAPSHOT", "RELEASE", "Final", "GA", "jre", "android", "incubating"]


def number():
    r = rng.random()
    if r < 0.55:
        return str(rng.randint(0, 9))
    if r < 0.8:
        return str(rng.randint(10, 40))
    if r < 0.86:
        return "0" * rng.randint(1, 3) + str(rng.randint(0, 12))
    if r < 0.91:
        return str(rng.randint(2000, 2025)) + "%02d%02d" % (rng.randint(1, 12), rng.randint(1, 28))
    if r < 0.95:
        return str(rng.randint(100, 99999))
    if r < 0.98:
        return str(rng.randint(10**8, 10**20))
    return rng.choice(["0" * rng.randint(8, 20), "9" * rng.randint(8, 20), "1" + "0" * rng.randint(8, 19)])


def release():
    return ".".join(number() for _ in range(rng.choice([1, 2, 2, 3, 3, 3, 3, 4])))


def qualifier():
    r = rng.random()
    if r < 0.08:
        stamp = "%d%02d%02d.%02d%02d%02d-%d" % (rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28),
                                                 rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                                                 rng.randint(1, 30))
        return "-" + stamp
    if r < 0.14:
        return "-" + str(rng.randint(0, 12))
    q = rng.choice(QUALIFIERS)
    if rng.random() < 0.55:
        q += rng.choice(["", "", "-", "."]) + number()
    return rng.choice(JOINERS) + q


def version():
    v = release()
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 3])):
        v += qualifier()
    return v


def mutate(v):
    ops = rng.randint(1, 3)
    for _ in range(ops):
        op = rng.randint(0, 12)
        chars = list(v)
        if op == 0:
            v = v.upper() if rng.random() < 0.5 else v.lower()
        elif op == 1 and chars:
            i = rng.randrange(len(chars))
            if chars[i] in ".-":
                chars[i] = "-" if chars[i] == "." else "."
            v = "".join(chars)
        elif op == 2:
            v += rng.choice([".0", "-0", ".0.0", "-0.0", ".", "-", "-final", ".ga", "-GA", "-release", ".0-0"])
        elif op == 3:
            digits = [i for i, c in enumerate(v) if c.isdigit() and (i == 0 or not v[i - 1].isdigit())]
            if digits:
                i = rng.choice(digits)
                v = v[:i] + "0" * rng.randint(1, 3) + v[i:]
        elif op == 4:
            digits = [i for i, c in enumerate(v) if c.isdigit()]
            if digits:
                i = rng.choice(digits)
                v = v[:i] + str((int(v[i]) + rng.choice([1, -1])) % 10) + v[i + 1:]
        elif op == 5:
            v += qualifier()
        elif op == 6 and chars:
            i = rng.randrange(len(chars))
            v = v[:i] + v[i + 1:]
        elif op == 7 and chars:
            i = rng.randrange(len(chars) + 1)
            v = v[:i] + rng.choice([".", "-", "..", "--", ".-", "-."]) + v[i:]
        elif op == 8:
            for word in ("-", "."):
                if word in v:
                    v = v.replace(word, "", 1)
                    break
        elif op == 9:
            q = rng.choice(QUALIFIERS)
            v = v + q if rng.random() < 0.5 else v + q + number()
        elif op == 10:
            v = v.rstrip(".-0") or v
        elif op == 11:
            i = rng.randrange(len(v) + 1)
            v = v[:i] + rng.choice(["_", "+", "~", " ", "a", "Z", "0", "9", "x1"]) + v[i:]
        else:
            v = v[: rng.randrange(len(v) + 1)]
    return v


def main():
    out = []
    pool = [version() for _ in range(4000)]
    while len(out) < 110000:
        r = rng.random()
        a = rng.choice(pool) if rng.random() < 0.5 else version()
        if r < 0.55:
            b = mutate(a)
        elif r < 0.65:
            b = a
        elif r < 0.8:
            b = mutate(mutate(a))
            a = mutate(a)
        else:
            b = rng.choice(pool) if rng.random() < 0.5 else version()
        if "\t" in a + b or "\n" in a + b:
            continue
        out.append(a + "\t" + b)
    print("\n".join(out))


main()
