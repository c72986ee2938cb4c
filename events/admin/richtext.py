"""Every rich text field of the admin edited with django-prose-editor (ProseMirror; its assets ship with the package,
no CDN), offering what the site's nh3 policy keeps (eventsite.infra.richtext.ALLOWED_TAGS) and cleaned by that policy.
"""

import re

from django.contrib.admin import options
from django.utils.html import linebreaks
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from eventsite.infra.richtext import RichTextField, sanitize

# The editor's buttons, each within the tags the policy allows (h3/h4 headings, links without targets).
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Heading": {"levels": [3, 4]},
    "Link": {"enableTarget": False},
}


BLOCKS = re.compile(r"<(p|ul|ol|h[1-6]|blockquote|br)\b", re.IGNORECASE)


def clean_rich_text(value: str) -> str:
    # Text typed without the editor (a script, a browser without JavaScript): its blank lines are paragraphs.
    if value and not BLOCKS.search(value):
        value = linebreaks(value)
    return sanitize(value)


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EXTENSIONS})
        kwargs.setdefault("sanitize", clean_rich_text)
        super().__init__(*args, **kwargs)


def use_prose_editor() -> None:
    """Make the prose editor the admin's form field for RichTextField; call before the ModelAdmins are created."""
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[RichTextField] = {
        "form_class": RichTextFormField,
        "widget": AdminProseEditorWidget,
    }
