"""The editor's HTML report."""

from factcheck.report.render import render_report, write_report

__all__ = ["render_report", "write_report"]
