"""The editor's HTML report."""

from factcheck.report.render import render_report, write_report
from factcheck.report.review_page import write_review_report as write_review_report

__all__ = ["render_report", "write_report"]
