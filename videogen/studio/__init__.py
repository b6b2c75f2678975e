"""The front door the pages and the command line hold: store + provider + catalogue (studio.py), its services as one person sees them (desk.py), which
models the key can use (availability.py), and the `models` command's listing and drift check
(model_check.py). The top of the domain: it may import every other layer; none imports it."""

from videogen.studio.desk import Desk, Scope
from videogen.studio.studio import NextShot, Studio, open_studio, starting, store, videos_dir

__all__ = ["Desk", "NextShot", "Scope", "Studio", "open_studio", "starting", "store", "videos_dir"]
