"""What a server really answers, turned into evidence and proposed spec amendments (`make spec-propose`).

One job per module, in the order the data flows:

- `evidence.redact`: redaction before anything reaches disk (pseudonyms, enum-like values kept);
- `evidence.record`: a recording run's responses, redacted as they arrive, written at the end;
- `evidence.specnav`: operations, pointers and `$ref`s of the spec;
- `evidence.tally`: what the bodies held, pointer by pointer;
- `evidence.aggregate`: responses + spec -> `evidence.json` (deterministic);
- `evidence.infer`: schemas of undocumented things, from their samples (genson);
- `evidence.patches`: JSON Patch groups and their YAML in the style of `openapi/amendments.yaml`;
- `evidence.propose`: evidence + spec -> relaxations and tightenings;
- `evidence.report`: `report.md`.
"""
