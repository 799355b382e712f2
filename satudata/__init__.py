"""satudata: Portal Satu Data for the yearly cycle of sectoral statistics of a regional government."""

__version__ = "0.1.0.dev0"
