"""computescope: an open explorer for decentralized GPU compute networks, measured against the clouds."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("computescope")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
