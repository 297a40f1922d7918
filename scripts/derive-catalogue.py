#!/usr/bin/env python3
"""Derives data/bunq-catalogue.txt, the catalogue of bunq's operations, from bunq's OpenAPI description.

Usage: scripts/derive-catalogue.py [swagger.json] > data/bunq-catalogue.txt
(default input: ../shared/bunq-openapi/swagger.json, relative to the repository root).

The catalogue is line-based so that a netstandard2.0 analyzer reads it without a JSON parser. Fields are
separated by one tab; '-' stands for "none".

  O <verb> <route> <request type> <response type>   one operation; the route is relative to /v1 and keeps
                                                   bunq's placeholder names; a response type ending in '[]'
                                                   is a list of that object
  T <name>                                         an object type; its fields follow on F lines
  F <json name> <json type> <object type> <flags>  one field: json type is the element's type for arrays
                                                   (string, integer, number, boolean, object); object type
                                                   names the nested type when there is one; flags are any of
                                                   a (array), r (read-only), w (write-only), q (required)

Operations are sorted by route then verb, types by name, fields keep the description's order. Only types an
operation reaches (directly or through fields) are written. The C# reader (src/Shared/Catalogue) derives the
same catalogue from a user's OpenAPI file, and a test checks that both derivations agree.
"""
import json
import sys

VERBS = ("get", "post", "put", "delete", "patch")


def ref_name(schema):
    return schema["$ref"].rsplit("/", 1)[-1] if "$ref" in schema else None


def body_type(content_holder):
    """The object type of a request or response body: (name, is_list), or (None, False) when there is none."""
    content = (content_holder or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema")
    if schema is None:
        return None, False
    if schema.get("type") == "array":
        return ref_name(schema.get("items") or {}), True
    return ref_name(schema), False


def field_row(name, prop, required):
    is_array = prop.get("type") == "array"
    element = (prop.get("items") or {}) if is_array else prop
    nested = ref_name(element)
    json_type = "object" if nested else element.get("type", "object")
    flags = ("a" if is_array else "") + ("r" if prop.get("readOnly") else "") \
        + ("w" if prop.get("writeOnly") else "") + ("q" if name in required else "")
    return name, json_type, nested or "-", flags or "-"


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "../shared/bunq-openapi/swagger.json"
    with open(source, encoding="utf-8") as stream:
        document = json.load(stream)
    schemas = document["components"]["schemas"]

    operations = []
    for route, item in document["paths"].items():
        for verb, operation in item.items():
            if verb not in VERBS:
                continue
            request, _ = body_type(operation.get("requestBody"))
            response, is_list = body_type((operation.get("responses") or {}).get("200"))
            operations.append((route, verb.upper(), request or "-",
                               (response + "[]" if is_list else response) if response else "-"))
    operations.sort()

    reached, pending = set(), [t for op in operations for t in (op[2], op[3].rstrip("[]")) if t != "-"]
    while pending:
        name = pending.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        for prop in (schemas[name].get("properties") or {}).values():
            nested = ref_name(prop.get("items") or {}) if prop.get("type") == "array" else ref_name(prop)
            if nested:
                pending.append(nested)

    out = sys.stdout
    out.write("# bunq's API catalogue, derived from bunq's OpenAPI description (github.com/bunq/doc generated.json at\n")
    out.write("# commit 71d692fe22def76f88b0a41c62ac2bc530444f0b, MIT, bunq b.v.) by scripts/derive-catalogue.py;\n")
    out.write("# the script's docstring describes the format. Routes are relative to /v1.\n")
    for route, verb, request, response in operations:
        out.write("O\t%s\t%s\t%s\t%s\n" % (verb, route, request, response))
    for name in sorted(reached):
        out.write("T\t%s\n" % name)
        schema = schemas[name]
        required = set(schema.get("required") or [])
        for field, prop in (schema.get("properties") or {}).items():
            out.write("F\t%s\n" % "\t".join(field_row(field, prop, required)))


if __name__ == "__main__":
    main()
