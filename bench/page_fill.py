"""Page fill of PDFs: how far down each page's body the ink goes, from a low-resolution raster (needs pdftoppm).

    .venv/bin/python bench/page_fill.py document.pdf [more.pdf ...]

Lists the pages under 45% filled. The measure is the tests' (events/tests/documents/helpers.py page_fills).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.tests.documents.helpers import page_fills


def main() -> None:
    for name in sys.argv[1:]:
        fills = page_fills(Path(name).read_bytes())
        low = [f"{n}:{fill:.0%}" for n, fill in enumerate(fills, 1) if fill < 0.45]
        print(f"{name}: {len(fills)} pages; under 45%: {' '.join(low) or 'none'}")


if __name__ == "__main__":
    main()
