"""Run the mock server in the foreground: ``python -m cerebras_management.testing --port 8765``.

It prints the three variables that point the client and the command line at it, then one line per
request it serves (method, path, status, time, request id) on stderr unless ``--quiet``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from ._app import RESPONSE_STYLES
from ._server import MockServer
from ._store import DEFAULT_ARCHITECTURES


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (the docs' table of options is made from this parser)."""
    parser = argparse.ArgumentParser(
        prog="python -m cerebras_management.testing",
        description="Run the spec-driven mock of the Cerebras Management API in the foreground.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."
    )
    parser.add_argument("--port", type=int, default=8765, help="Port to listen on (0: a free one).")
    parser.add_argument("--org-name", default="my-org", help="The default organization's name.")
    parser.add_argument(
        "--api-key",
        default=None,
        help="The default organization's management key (default: a random one, printed at start).",
    )
    parser.add_argument(
        "--response-style",
        choices=RESPONSE_STYLES,
        default="schema",
        help="Answer DELETE in the schema's shape or in the spec's published example's.",
    )
    parser.add_argument(
        "--seed",
        action="append",
        default=[],
        metavar="ARCH[:ALIAS,...]",
        help="Add a model version (repeatable), e.g. --seed gpt-oss-120b:prod.",
    )
    parser.add_argument(
        "--arch",
        action="append",
        default=None,
        metavar="ARCH",
        help="A model architecture every org has (repeatable; default: gpt-oss-120b and llama3.1-8b).",
    )
    parser.add_argument(
        "--endpoint",
        action="append",
        default=[],
        metavar="ENDPOINT_ID:ARCH",
        help="Add a dedicated endpoint of --org-name (repeatable), e.g. --endpoint my-ep:gpt-oss-120b.",
    )
    parser.add_argument(
        "--deployment",
        action="append",
        default=[],
        metavar="ENDPOINT_ID:VERSION",
        help="Put a version of the endpoint's architecture on it, rollout complete (repeatable).",
    )
    parser.add_argument(
        "--drift",
        action="store_true",
        help="Answer as a server whose truth differs from the spec (see MockServer's drift option).",
    )
    parser.add_argument(
        "--sync-after-reads", type=int, default=1, metavar="N", help="Reads of a version per sync step."
    )
    parser.add_argument(
        "--rollout-after-reads",
        type=int,
        default=1,
        metavar="N",
        help="Reads of an endpoint per rollout step.",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="Do not log each request served (method, path, status)."
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, seed the store, serve until Ctrl-C."""
    parser = build_parser()
    args = parser.parse_args(argv)
    server = MockServer(
        host=args.host,
        port=args.port,
        org_name=args.org_name,
        api_key=args.api_key,
        response_style=args.response_style,
        model_architectures=args.arch or DEFAULT_ARCHITECTURES,
        sync_after_reads=args.sync_after_reads,
        rollout_after_reads=args.rollout_after_reads,
        request_log=None if args.quiet else sys.stderr,
        drift=args.drift,
    )
    for item in args.seed:
        arch, _, aliases = item.partition(":")
        version = server.add_model_version(arch, aliases=[a for a in aliases.split(",") if a])
        print(f"seeded {args.org_name}/{arch} version {version}", file=sys.stderr)
    for item in args.endpoint:
        endpoint_id, sep, arch = item.rpartition(":")
        if not sep or not endpoint_id or not arch:
            parser.error(f"--endpoint {item!r}: expected ENDPOINT_ID:ARCH")
        server.add_endpoint(endpoint_id, arch)
        print(f"endpoint {endpoint_id} ({arch})", file=sys.stderr)
    for item in args.deployment:
        endpoint_id, sep, version = item.rpartition(":")
        if not sep or not endpoint_id or not version:
            parser.error(f"--deployment {item!r}: expected ENDPOINT_ID:VERSION")
        try:
            arch = server.endpoint(endpoint_id)["model_arch_id"]
            deployment = server.add_deployment(endpoint_id, arch, version)
        except (KeyError, ValueError) as error:
            parser.error(f"--deployment {item!r}: {error}")
        print(f"deployment {deployment} of version {version} on {endpoint_id}", file=sys.stderr)
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
