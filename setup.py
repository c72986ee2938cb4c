"""Packaging: everything else is in pyproject.toml.

A checkout keeps templates/, static/, locale/ and fixtures/ at its top, beside the Python packages; the wheel carries
them inside the eventsite package (eventsite/templates/, ...), where settings find them when no checkout is around.
pyproject.toml cannot both discover packages and map extra directories into one, hence this file.
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = ("templates", "static", "locale", "fixtures")

setup(
    packages=[
        *find_packages(include=["eventsite", "eventsite.*", "events", "events.*", "speakers", "speakers.*"]),
        # Data directories, listed with their sub-directories so setuptools ships them as data without complaint.
        *(
            f"eventsite.{name}{'.' + sub if sub else ''}"
            for name in RESOURCES
            for sub in ["", *find_namespace_packages(where=name)]
        ),
    ],
    package_dir={f"eventsite.{name}": name for name in RESOURCES},
    package_data={f"eventsite.{name}": ["**/*"] for name in RESOURCES},
)
