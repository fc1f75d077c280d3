#!/usr/bin/python3
"""Oracle for PyPI version order: reads "A<TAB>B" lines on stdin, prints <, =, > or error per line.

PEP 440 versions are ordered by the installed python3-packaging (Version). A string it rejects is
ordered by the legacy rules of packaging < 22 (LegacyVersion, reimplemented below because packaging
22 removed it), which put every legacy version before every PEP 440 one. Like vigil, the oracle
calls non-ASCII text, control characters and blank strings errors.
"""
import re
import sys

from packaging.version import InvalidVersion, Version

_COMPONENT = re.compile(r"(\d+|[a-z]+|\.|-)")
_REPLACEMENTS = {"pre": "c", "preview": "c", "-": "final-", "rc": "c", "dev": "@"}


def _legacy_parts(text):
    for part in _COMPONENT.split(text):
        part = _REPLACEMENTS.get(part, part)
        if not part or part == ".":
            continue
        if part[:1] in "0123456789":
            yield part.zfill(8)
        else:
            yield "*" + part
    yield "*final"


def _legacy_key(text):
    parts = []
    for part in _legacy_parts(text.lower()):
        if part.startswith("*"):
            if part < "*final":
                while parts and parts[-1] == "*final-":
                    parts.pop()
            while parts and parts[-1] == "00000000":
                parts.pop()
        parts.append(part)
    return tuple(parts)


def key(text):
    """(0, legacy key) or (1, Version); None for an error."""
    if not text.isascii():
        return None
    try:
        return (1, Version(text))
    except InvalidVersion:
        pass
    if not text.strip(" ") or any(not " " <= c <= "~" for c in text):
        return None
    return (0, _legacy_key(text))


def main():
    # Python's guard against slow int() of huge strings is not part of the version order.
    sys.set_int_max_str_digits(0)
    data = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    for line in lines:
        a, _, b = line.partition("\t")
        ka, kb = key(a), key(b)
        if ka is None or kb is None:
            out.append("error")
        elif ka[0] != kb[0]:
            out.append("<" if ka[0] < kb[0] else ">")
        else:
            out.append("<" if ka[1] < kb[1] else ">" if ka[1] > kb[1] else "=")
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
