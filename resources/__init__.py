"""Files shipped with ReelDesk (icons, translations, demo clips). Found via ``app.resources``."""
