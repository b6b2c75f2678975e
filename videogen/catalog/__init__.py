"""The video models and what each accepts, as data (`videogen/models/*.toml`) read into values."""

from videogen.catalog.catalog import Catalog
from videogen.catalog.loading import BUILTIN_DIR, CatalogError, builtin, load, parse_files
from videogen.catalog.schema import ROLES, ImageRules, Images, MediaRules, Model, Option, Price, Rule, Shape, Tier

AspectRatio = Shape  # the seed's name

__all__ = [
    "BUILTIN_DIR",
    "ROLES",
    "AspectRatio",
    "Catalog",
    "CatalogError",
    "ImageRules",
    "MediaRules",
    "Images",
    "Model",
    "Option",
    "Price",
    "Rule",
    "Shape",
    "Tier",
    "builtin",
    "load",
    "parse_files",
]
