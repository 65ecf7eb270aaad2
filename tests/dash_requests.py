"""Callback requests built the way the page builds them: from the app's own callback specs, by component id.

Nothing here depends on the order of a callback's arguments: the spec (``/_dash-dependencies``) says which inputs
and states a callback has, in the order its request must list them, and the values are looked up by id and
property. Pattern-matching (ALL) dependencies are filled from the ids the layout holds. Used by the HTTP tests and
by ``benchmarks/app.py`` and ``benchmarks/load.py``.
"""

from __future__ import annotations

import json


def component_ids(layout) -> list:
    """Every component id in a layout (``/_dash-layout`` JSON), dict ids included."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and "id" in props:
                found.append(props["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


def id_key(component_id) -> str:
    """The text Dash uses for an id: the string, or a dict's sorted-key JSON."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


class Requests:
    """The callback specs and layout ids of a running app (or a Flask test client), to build request bodies."""

    def __init__(self, dependencies: list[dict], layout: dict):
        self.specs = dependencies
        self.ids = component_ids(layout)

    @classmethod
    def from_client(cls, client) -> Requests:
        return cls(client.get("/_dash-dependencies").get_json(), client.get("/_dash-layout").get_json())

    def spec(self, output: str, changed: list[str] = ()) -> dict:
        """The callback whose outputs include ``output`` (e.g. ``"map.figure"``), as the page sees it; when two
        callbacks write it (``allow_duplicate``), the one that ``changed`` ('id.property') fires."""
        matches = [s for s in self.specs if f"{output}" in s["output"].split("...") or s["output"] == output]
        matches = matches or [s for s in self.specs if output in s["output"]]
        if len(matches) > 1 and changed:
            matches = [s for s in matches if any(f"{d['id']}.{d['property']}" in changed for d in s["inputs"])]
        if len(matches) != 1:
            raise KeyError(f"{len(matches)} callbacks write {output!r}")
        return matches[0]

    def _matching(self, pattern: dict) -> list:
        wild = {k for k, v in pattern.items() if isinstance(v, list)}
        return [
            i
            for i in self.ids
            if isinstance(i, dict)
            and set(i) == set(pattern)
            and all(i[k] == v for k, v in pattern.items() if k not in wild)
        ]

    def _entry(self, dep: dict, values: dict):
        cid, prop = dep["id"], dep["property"]
        if cid.startswith("{"):
            pattern = json.loads(cid)
            return [
                {"id": i, "property": prop, "value": i if prop == "id" else values.get((id_key(i), prop))}
                for i in self._matching(pattern)
            ]
        return {"id": cid, "property": prop, "value": cid if prop == "id" else values.get((cid, prop))}

    def body(self, output: str, values: dict, changed: list[str]) -> dict:
        """A request body for the callback writing ``output``; ``values`` maps (id, property) to a value,
        ``changed`` lists the 'id.property' that fired."""
        spec = self.spec(output, changed)
        outputs = []
        single = not spec["output"].startswith("..")  # one output: the page sends it alone, not in a list
        for part in spec["output"].strip(".").split("..."):
            cid, prop = part.rsplit(".", 1)
            cid = cid.split("@")[0]
            if cid.startswith("{"):
                outputs.append([{"id": i, "property": prop} for i in self._matching(json.loads(cid))])
            else:
                outputs.append({"id": cid, "property": prop})
        return {
            "output": spec["output"],
            "outputs": outputs[0] if single and not isinstance(outputs[0], list) else outputs,
            "inputs": [self._entry(d, values) for d in spec["inputs"]],
            "state": [self._entry(d, values) for d in spec["state"]],
            "changedPropIds": changed,
        }
