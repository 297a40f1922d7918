#!/usr/bin/env python3
"""Derives data/bunq-operations.txt from bunq's OpenAPI description (shared/bunq-openapi/swagger.json)."""
import json
import sys

source = sys.argv[1] if len(sys.argv) > 1 else "../shared/bunq-openapi/swagger.json"
document = json.load(open(source, encoding="utf-8"))
rows = sorted((path, verb.upper()) for path, ops in document["paths"].items()
              for verb in ops if verb in ("get", "post", "put", "delete", "patch"))
print("# bunq public API operations (verb and path), derived from bunq's OpenAPI description")
print("# (github.com/bunq/doc generated.json at commit 71d692fe22def76f88b0a41c62ac2bc530444f0b, MIT, bunq b.v.).")
print("# Paths are relative to /v1. Regenerate with scripts/derive-operations.py.")
for path, verb in rows:
    print(verb, path)
