"""Reading PDFs and responses back in document tests."""

import io
import re

from pypdf import PdfReader


def text_of(data: bytes | PdfReader) -> str:
    reader = data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def body(response) -> bytes:
    """The whole body of a (possibly streaming) response; reading it also closes the file."""
    return b"".join(response.streaming_content) if response.streaming else response.content
