#!/usr/bin/python3
"""Prints at least 100,000 "A<TAB>B" PyPI version pairs, deterministically, for the differential test.

Real versions come from the OSV PyPI dump ($VIGIL_CORPUS or ../shared: data/osv/PyPI/all.zip);
mutations exercise every PEP 440 rule (spelling and separator normalisation, epochs, pre/post/dev,
local versions, whitespace, trailing and leading zeros, huge numbers), legacy (non-PEP 440)
versions and strings that must be errors.
"""
import json
import os
import random
import sys
import zipfile

TARGET_PAIRS = 110_000
SEED = 440

PRE_SPELLINGS = {"a": ["a", "alpha", "A", "Alpha", "ALPHA"], "b": ["b", "beta", "B", "Beta"],
                 "rc": ["rc", "c", "pre", "preview", "RC", "C", "Pre", "PREVIEW"]}
POST_SPELLINGS = ["post", "rev", "r", "POST", "Rev", "R"]
SEPARATORS = ["", ".", "-", "_"]
LOCALS = ["ubuntu.1", "ubuntu-1", "ubuntu_1", "UBUNTU.1", "1", "01", "1.0", "1.a", "a.1", "abc", "abd",
          "abc.1.2", "abc.1", "deb10u1", "cpu", "cu118", "1.2.3", "0", "00", "a0", "0a", "z", "Z"]
INVALID = ["", " ", "\t", "1.0\x00", "1.0\x7f", "1.0é", "ünï", "\x01", "1.0 \x02", "  \t  "]
LEGACY = ["0.1-bulbasaur", "0.9-doduo", "1.0-beta-2", "2.0.0.final", "1.0-SNAPSHOT", "french toast",
          "1.0_pre", "dev", "1.0.x", "1.0+", "1.0+.a", "1.0+a..b", "1..0", "1.0.", ".1", "v", "1.0a1.b2",
          "1.0-1-1", "!1.0", "1!", "1.0+a+b", "-1.0", "1.0c1-dev", "1.0-pre-final", "1.0-a-00000000-b",
          "123456789.1", "00000000a", "1_2", "1 2", "1.0dev-pre", "*", "@", "final", "1.0-final",
          "0.9.2-rc.1", "1.0.0-alpha+001", "2.0-snapshot-final"]


def corpus_dir():
    return os.environ.get("VIGIL_CORPUS", os.path.join(os.path.dirname(__file__), "../../../../shared"))


def real_versions():
    """Version lists per advisory package, in a stable order."""
    groups = []
    path = os.path.join(corpus_dir(), "data/osv/PyPI/all.zip")
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            record = json.loads(archive.read(name))
            for affected in record.get("affected", []):
                group = list(affected.get("versions", []))
                for r in affected.get("ranges", []):
                    for event in r.get("events", []):
                        group.extend(v for k, v in event.items() if k in ("introduced", "fixed", "last_affected"))
                group = [v for v in dict.fromkeys(group) if v]
                if group:
                    groups.append(group)
    return groups


def maybe_case(rng, text):
    roll = rng.random()
    if roll < 0.1:
        return text.upper()
    if roll < 0.2:
        return "".join(c.upper() if rng.random() < 0.5 else c for c in text)
    return text


def synthetic(rng):
    """A PEP 440 version built from parts, with random (non-canonical) spellings."""
    text = ""
    if rng.random() < 0.1:
        text += str(rng.choice([0, 1, 2, 10, 100])) + "!"
    count = rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 5])
    numbers = [rng.choice(["0", "1", "2", "9", "10", "00", "01", "11", "2023", str(rng.randrange(100))])
               for _ in range(count)]
    if rng.random() < 0.02:
        numbers[-1] = "9" * rng.choice([19, 20, 30])
    if rng.random() < 0.3:
        numbers += ["0"] * rng.choice([1, 2])
    text += ".".join(numbers)
    if rng.random() < 0.35:
        kind = rng.choice(list(PRE_SPELLINGS))
        text += rng.choice(SEPARATORS) + rng.choice(PRE_SPELLINGS[kind])
        if rng.random() < 0.85:
            text += rng.choice(SEPARATORS) + rng.choice(["0", "1", "2", "01", "10"])
        elif rng.random() < 0.3:
            text += rng.choice(".-_")
    if rng.random() < 0.25:
        if rng.random() < 0.3:
            text += "-" + rng.choice(["0", "1", "2", "01"])
        else:
            text += rng.choice(SEPARATORS) + rng.choice(POST_SPELLINGS)
            if rng.random() < 0.8:
                text += rng.choice(SEPARATORS) + rng.choice(["0", "1", "2", "01"])
    if rng.random() < 0.25:
        text += rng.choice(SEPARATORS) + rng.choice(["dev", "DEV", "Dev"])
        if rng.random() < 0.8:
            text += rng.choice(SEPARATORS) + rng.choice(["0", "1", "2", "01"])
    if rng.random() < 0.15:
        text += "+" + rng.choice(LOCALS)
    if rng.random() < 0.1:
        text = rng.choice(["v", "V"]) + text
    if rng.random() < 0.05:
        text = rng.choice([" ", "\t", "\n ", "\x0b", "\x1c"]) + text + rng.choice(["", " ", "\r", "\x1f"])
    return maybe_case(rng, text)


TOKENS = ["0", "1", "2", "00", "01", "10", "9" * 20, ".", "-", "_", "+", "!", "a", "alpha", "b", "beta", "c",
          "rc", "pre", "preview", "post", "rev", "r", "dev", "v", "V", " ", "x", "final", "A", "DEV", "Post",
          "ubuntu", "\t", "*", "@"]


def token_soup(rng):
    """Random token strings: exercises the grammar's corners (what is valid, how parts attach)."""
    base = rng.choice(["", "1", "1.0", "0!1.2", "2!0", "1.0.0"])
    return base + "".join(rng.choice(TOKENS) for _ in range(rng.randrange(1, 8)))


def mutate(rng, version):
    """A realistic variant of a real version: equal spellings, neighbours and broken forms."""
    roll = rng.randrange(16)
    if roll == 0:
        return version + ".0"
    if roll == 1:
        return version.replace(".", rng.choice(["-", "_"]), 1) if "." in version else version + "-1"
    if roll == 2:
        return maybe_case(rng, version.upper())
    if roll == 3:
        return "v" + version
    if roll == 4:
        return version + rng.choice(SEPARATORS) + rng.choice(["a1", "b2", "rc1", "alpha", "c3", "preview2"])
    if roll == 5:
        return version + rng.choice([".post1", "-1", "post0", ".rev2", "r", "-r1", "_post_3"])
    if roll == 6:
        return version + rng.choice([".dev0", "dev", ".dev1", "-dev-2", "_DEV"])
    if roll == 7:
        return version + "+" + rng.choice(LOCALS)
    if roll == 8:
        return rng.choice(["0!", "1!", "00!"]) + version
    if roll == 9:
        return "0" + version if version[:1].isdigit() else version
    if roll == 10:
        return " " + version + " "
    if roll == 11:
        cut = rng.randrange(len(version) + 1)
        return version[:cut] + rng.choice(["x", ".", "-", "+", "..", "_", "!", " "]) + version[cut:]
    if roll == 12:
        return version.replace("a", "alpha").replace("b", "beta").replace("rc", "c")
    if roll == 13:
        return version.rstrip("0123456789") + str(rng.randrange(1000))
    if roll == 14:
        return rng.choice(LEGACY)
    return version


def main():
    rng = random.Random(SEED)
    groups = real_versions()
    everything = sorted({v for group in groups for v in group})
    pairs = []
    # Neighbours inside one advisory: the comparisons a matcher actually makes.
    for group in groups:
        for a, b in zip(group, group[1:]):
            pairs.append((a, b))
    while len(pairs) < 35_000:
        group = rng.choice(groups)
        pairs.append((rng.choice(group), rng.choice(group)))
    for _ in range(15_000):
        pairs.append((rng.choice(everything), rng.choice(everything)))
    for _ in range(25_000):
        version = rng.choice(everything)
        pairs.append((version, mutate(rng, version)))
    for _ in range(25_000):
        a = synthetic(rng)
        b = synthetic(rng) if rng.random() < 0.6 else mutate(rng, a)
        pairs.append((a, b))
    for _ in range(20_000):
        pairs.append((token_soup(rng), token_soup(rng)))
    for _ in range(5_000):
        pool = LEGACY + INVALID if rng.random() < 0.3 else LEGACY
        a = rng.choice(pool)
        b = rng.choice(pool + everything[:50] + [synthetic(rng)])
        pairs.append((a, b))
    while len(pairs) < TARGET_PAIRS:
        pairs.append((rng.choice(everything), rng.choice(everything)))
    out = sys.stdout
    for a, b in pairs:
        if "\n" in a or "\n" in b or "\t" in a:
            a, b = a.replace("\n", " ").replace("\t", " "), b.replace("\n", " ")
        out.write(f"{a}\t{b}\n")


if __name__ == "__main__":
    main()
