#!/usr/bin/python3
"""Validates a JSON document against a JSON Schema, offline.

Usage: validate_json.py SCHEMA DOCUMENT. Every *.json file beside SCHEMA is loaded into the
resolver's store (under its $id and its file URI), so references such as CycloneDX's
"spdx.schema.json" and "jsf-0.82.schema.json" resolve without the network; any other remote
reference is an error. Exit 0 when valid; else the first errors with their JSON path, exit 1;
exit 2 when the schema or the document cannot be read.
"""

import datetime
import json
import pathlib
import re
import sys
import urllib.parse

import jsonschema

MAX_ERRORS = 10

# RFC 3339 date-time (jsonschema checks "date-time" only with rfc3339-validator, absent on Debian).
DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def schema_id(schema):
    if not isinstance(schema, dict):
        return ""
    value = schema.get("$id", schema.get("id", ""))
    return value.rstrip("#") if isinstance(value, str) else ""


def build_store(directory):
    store = {}
    for path in sorted(directory.glob("*.json")):
        try:
            schema = load(path)
        except (OSError, ValueError):
            continue
        store[path.resolve().as_uri()] = schema
        if schema_id(schema):
            store[schema_id(schema)] = schema
    return store


def refuse_remote(uri):
    raise jsonschema.RefResolutionError(f"{uri}: not in the local schema directory (no network access)")


def is_date_time(value):
    if not isinstance(value, str):
        return True
    match = DATE_TIME.match(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60


def json_path(error):
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def shorten(message, head=200, tail=100):
    # Messages quote the failing instance (possibly a whole report) before saying what is wrong.
    return message if len(message) <= head + tail else message[:head] + " … " + message[-tail:]


def main(argv):
    if len(argv) != 3:
        print("usage: validate_json.py SCHEMA DOCUMENT", file=sys.stderr)
        return 2
    schema_path = pathlib.Path(argv[1]).resolve()
    try:
        schema = load(schema_path)
        document = load(argv[2])
    except (OSError, ValueError) as e:
        print(f"validate_json.py: {e}", file=sys.stderr)
        return 2

    validator_class = jsonschema.validators.validator_for(schema)
    try:
        validator_class.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"validate_json.py: {schema_path}: not a valid schema: {e.message}", file=sys.stderr)
        return 2
    store = build_store(schema_path.parent)
    base_uri = schema_id(schema) or schema_path.as_uri()
    # A relative $ref against a remote $id (CycloneDX's "spdx.schema.json") lands beside it.
    for uri, stored in list(store.items()):
        if uri.startswith("file:"):
            store.setdefault(urllib.parse.urljoin(base_uri, uri.rsplit("/", 1)[1]), stored)
    resolver = jsonschema.RefResolver(base_uri, schema, store=store,
                                      handlers={"http": refuse_remote, "https": refuse_remote})
    format_checker = jsonschema.FormatChecker()
    format_checker.checks("date-time")(is_date_time)
    validator = validator_class(schema, resolver=resolver, format_checker=format_checker)

    try:
        errors = sorted(validator.iter_errors(document), key=json_path)
    except jsonschema.RefResolutionError as e:
        print(f"validate_json.py: {schema_path}: {e}", file=sys.stderr)
        return 2
    if not errors:
        return 0
    print(f"{argv[2]}: {len(errors)} schema error(s) against {schema_path.name}")
    for error in errors[:MAX_ERRORS]:
        print(f"  {json_path(error)}: {shorten(error.message)}")
        # The deepest cause of anyOf/oneOf failures names the field that is wrong.
        if error.context:
            best = jsonschema.exceptions.best_match(error.context)
            print(f"    because {json_path(best)}: {shorten(best.message)}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
