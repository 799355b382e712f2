from pathlib import Path

from django.conf import settings


def logo_path() -> Path:
    """The regency's logo (SATUDATA_REGION_LOGO, PNG or JPEG), or the shipped neutral emblem."""
    configured = settings.REGION_LOGO
    if configured and Path(configured).is_file():
        return Path(configured)
    return Path(settings.PACKAGE_DIR) / "static" / "satudata" / "emblem.png"


def region_city() -> str:
    """The region's name without "Kabupaten"/"Kota", as the place before a signature's date
    ("Pasuruan, 15 Januari 2026")."""
    return settings.REGION_NAME.replace("Kabupaten ", "").replace("Kota ", "")
