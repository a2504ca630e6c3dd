"""The HTML report: one self-contained page per dossier, for people to read."""

from __future__ import annotations

from newsweave.report.html import render_report

__all__ = ["render_report"]
