"""The render worker child: `python -m events.documents.worker` reads one render request (JSON) on stdin.

It limits its own address space before importing WeasyPrint, renders, writes the PDF to the file named in the
request and answers {"pages": n} (or {"error": ...}) as the last line on stdout. The parent enforces the wall time.
"""

import json
import os
import resource
import sys


def main() -> int:
    request = json.loads(sys.stdin.buffer.read())
    limit = request["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        # No django.setup(): the parent says where our files are (render.Places), which saves a cold render the
        # cost of loading every app.
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
        from events.documents.render import Places, html_to_pdf

        pdf = html_to_pdf(request["html"], tagged=request["tagged"], places=Places(**request["places"]))
        with open(request["output"], "wb") as output:
            output.write(pdf.data)
    except MemoryError:
        print(json.dumps({"error": "memory"}), flush=True)
        return 3
    except (ImportError, OSError) as error:
        # Under the address-space limit a shared library may fail to load ("failed to map segment") or a
        # buffer to allocate (ENOMEM): that is the memory limit too.
        if "failed to map" in str(error) or "Cannot allocate memory" in str(error):
            print(json.dumps({"error": "memory"}), flush=True)
            return 3
        raise
    print(json.dumps({"pages": pdf.pages}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
