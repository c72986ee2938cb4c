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
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
        import django
        from django.conf import settings

        django.setup()
        for name, value in request["settings"].items():
            setattr(settings, name, value)
        from events.documents.render import html_to_pdf

        pdf = html_to_pdf(request["html"], tagged=request["tagged"])
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
