"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""
import sys

from portal import create_app
from portal.config import ConfigError

try:
    app = create_app()
except ConfigError as error:  # one line an operator can act on, not a traceback
    print(f"portal: refusing to start: {error}", file=sys.stderr)
    raise SystemExit(1) from None
