"""The pieces of `tools/spec_diff.py` (the `make spec-diff` report).

- `specdiff.compare`: `diff_specs(base, head)`, the pure comparison of two spec dicts, operation by
  operation;
- `specdiff.document`: changes to the document as a whole (versions, servers, security, component
  schemas) and the documentation-only ones;
- `specdiff.operations`: the operations of one side, matched across sides by method and path template;
- `specdiff.schema`: how two schemas compare, for requests and for responses;
- `specdiff.model`: `Change`, `SpecDiff`, `SpecError` and `$ref` resolution;
- `specdiff.pyapi`: the public Python API of both packages, compared with griffe;
- `specdiff.report`: the terminal summary, the Markdown and the JSON reports.
"""

from specdiff.compare import diff_specs
from specdiff.model import Change, SpecDiff, SpecError

__all__ = ["Change", "SpecDiff", "SpecError", "diff_specs"]
