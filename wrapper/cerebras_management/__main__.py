"""``python -m cerebras_management``: the ``cerebras-management`` command line (extra ``cli``)."""

import sys

from .cli import main

sys.exit(main())
