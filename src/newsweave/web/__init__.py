"""The web UI and REST API (`newsweave serve`): thin shells over the library."""

from newsweave.web.app import create_app
from newsweave.web.state import ServerSettings

__all__ = ["ServerSettings", "create_app"]
