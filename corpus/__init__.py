"""The five source reports, their cleaning, and the gold annotations."""
from .clean import CleanText, clean, to_simplified
from .io import read_text
from .reports import Report, ReportMeta, load_metadata, load_report, report_ids
from .segment import paragraphs, sentences

__all__ = ["CleanText", "clean", "to_simplified", "read_text", "Report", "ReportMeta",
           "load_metadata", "load_report", "report_ids", "paragraphs", "sentences"]
