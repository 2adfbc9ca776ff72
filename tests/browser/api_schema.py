"""openapi.yaml's response schemas, made strict for checking what the service really answers.

openapi.yaml describes each response loosely (few `required` lists, unknown fields allowed). For
a test, every declared property is required except those the server's Swift types declare
optional (the JSON encoder leaves a nil out), no undeclared property is allowed, and a
`date-time` must be ISO-8601 as the encoder writes it. A field renamed on either side, the
server's or the spec's, then fails validation.
"""

import copy
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

OPENAPI = Path(__file__).resolve().parents[2] / "openapi.yaml"

# Properties that may be absent, by where they stand: a component schema's name, a dotted path
# inside it, or a response ("GET /path 200"). Each is an Optional in the Swift type named.
OPTIONAL = {
    "Session": {"endedAt", "outcome"},  # SessionView: open sessions have neither
    "Session.lastScores": {"pointer", "keys", "login"},  # LastScores: only modalities scored so far
    "TimelinePoint": {"stepUp"},  # TimelinePoint: set on a step-up's point only
    "Profile": {"sessions"},  # ProfileView: GET /v1/users/{id}/profile leaves it out
    # SessionList, UserList, Timeline: `next` only when another page follows.
    "GET /admin/api/sessions 200": {"next"},
    "GET /admin/api/users 200": {"next"},
    # …and `dropped` only once retention (retention.timelineDays) deleted the timeline.
    "GET /admin/api/sessions/{id}/timeline 200": {"next", "dropped"},
    # BatchAcknowledgement: the score only when the tenant's browser.showsDecision is on.
    "BatchAcknowledgement": {"trust", "decision", "reasons"},
}

ISO_8601 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"


class StrictSpec:
    """Strict JSON Schemas for the responses openapi.yaml declares."""

    def __init__(self, path: Path = OPENAPI):
        self.doc = yaml.safe_load(path.read_text())

    def validator(self, method: str, path: str, status: int) -> Draft202012Validator:
        """The validator for one response: `path` as openapi.yaml writes it (`/v1/sessions/{id}`)."""
        operation = self.doc["paths"][path][method.lower()]
        response = self._resolve(operation["responses"][str(status)])
        schema = response["content"]["application/json"]["schema"]
        return Draft202012Validator(self._strict(schema, f"{method} {path} {status}"))

    def errors(self, method: str, path: str, status: int, body) -> list[str]:
        """What is wrong with `body` as that response, one line each; empty when it conforms."""
        found = self.validator(method, path, status).iter_errors(body)
        return sorted(f"{method} {path} {status}: {'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
                      for e in found)

    def _resolve(self, node: dict) -> dict:
        while "$ref" in node:
            target = self.doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def _strict(self, schema: dict, where: str) -> dict:
        if "$ref" in schema:
            return self._strict(self._resolve(schema), schema["$ref"].rsplit("/", 1)[-1])
        schema = copy.deepcopy(schema)
        if "allOf" in schema:
            schema = self._merged(schema.pop("allOf"), schema)
        if "properties" in schema:
            optional = OPTIONAL.get(where, set())
            unknown = optional - schema["properties"].keys()
            assert not unknown, f"OPTIONAL names {sorted(unknown)} that openapi.yaml's {where} does not declare"
            schema["properties"] = {name: self._strict(value, f"{where}.{name}")
                                    for name, value in schema["properties"].items()}
            schema["required"] = sorted(schema["properties"].keys() - optional)
            schema.setdefault("additionalProperties", False)
            schema.setdefault("type", "object")
        if isinstance(schema.get("additionalProperties"), dict):
            schema["additionalProperties"] = self._strict(schema["additionalProperties"], f"{where}.*")
        if isinstance(schema.get("items"), dict):
            schema["items"] = self._strict(schema["items"], f"{where}[]")
        if schema.get("format") == "date-time":
            schema["pattern"] = ISO_8601
        return schema

    def _merged(self, parts: list[dict], rest: dict) -> dict:
        """One object schema from `allOf` parts (a strict part would refuse the others' fields)."""
        merged = {"type": "object", "properties": {}, "required": []}
        for part in [self._resolve(p) for p in parts] + [rest]:
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged
