"""Uploaded photos and logos: checked by content, size and dimensions, not by their file name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
MIN_SIDE = 64
FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_image_upload(file) -> None:
    from PIL import Image, UnidentifiedImageError

    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)d MB): the limit is 5 MB.") % {"size": file.size // 2**20}
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("This file is not an image we can read (use JPEG, PNG or WebP).")) from exc
    finally:
        file.seek(position)
    if image_format not in FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: use JPEG, PNG or WebP.") % {"format": image_format}
        )
    if max(width, height) > MAX_SIDE or min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("The image is %(w)d×%(h)d pixels: each side must be between 64 and 6000.") % {"w": width, "h": height}
        )
