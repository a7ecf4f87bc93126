"""Run the mock server in the foreground: ``python -m cerebras_management.testing --port 8765``."""

from __future__ import annotations

import argparse
import contextlib
import sys

from ._app import RESPONSE_STYLES
from ._server import MockServer


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, seed the store, serve until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m cerebras_management.testing", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--org-name", default="my-org")
    parser.add_argument("--api-key", default=None, help="key of --org-name (default: a random one, printed)")
    parser.add_argument("--response-style", choices=RESPONSE_STYLES, default="schema")
    parser.add_argument(
        "--seed",
        action="append",
        default=[],
        metavar="ARCH[:ALIAS,...]",
        help="add a model version (repeatable), e.g. --seed gpt-oss-120b:prod",
    )
    args = parser.parse_args(argv)
    server = MockServer(
        host=args.host,
        port=args.port,
        org_name=args.org_name,
        api_key=args.api_key,
        response_style=args.response_style,
    )
    for item in args.seed:
        arch, _, aliases = item.partition(":")
        version = server.add_model_version(arch, aliases=[a for a in aliases.split(",") if a])
        print(f"seeded {args.org_name}/{arch} version {version}", file=sys.stderr)
    server.start()
    print(f"mock server on {server.url}", file=sys.stderr)
    print(f"CEREBRAS_MANAGEMENT_BASE_URL={server.url}")
    print(f"CEREBRAS_ORG_NAME={server.org_name}")
    print(f"CEREBRAS_MANAGEMENT_API_KEY={server.api_key}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
