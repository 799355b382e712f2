"""Code lists every installation starts with. Sources are named beside each list; where the
domain reference marks a list as low confidence, that is said here too."""

STANDARD_CODE_LISTS: list[dict[str, object]] = [
    {
        "slug": "jenis-kelamin",
        "name": "Jenis Kelamin",
        "source": "Kode BPS (1 laki-laki, 2 perempuan)",
        "items": [("1", "Laki-laki"), ("2", "Perempuan")],
    },
    {
        "slug": "jadwal-pemutakhiran",
        "name": "Jadwal Pemutakhiran",
        "source": "Format Daftar Data Daerah, atribut 15 (domain-reference §1.4; keyakinan sedang)",
        "items": [
            ("harian", "Harian"),
            ("mingguan", "Mingguan"),
            ("bulanan", "Bulanan"),
            ("triwulanan", "Triwulanan"),
            ("semesteran", "Semesteran"),
            ("tahunan", "Tahunan"),
            ("insidental", "Insidental"),
        ],
    },
    {
        "slug": "jenis-data",
        "name": "Jenis Data",
        "source": "Format Daftar Data Daerah, atribut 7 (domain-reference §1.4)",
        "items": [("statistik", "Statistik"), ("geospasial", "Geospasial"), ("keuangan", "Keuangan")],
    },
    {
        "slug": "klasifikasi-akses",
        "name": "Klasifikasi Data sesuai Risiko",
        "source": "Format Daftar Data Daerah, atribut 11",
        "items": [("terbuka", "Terbuka"), ("terbatas", "Terbatas"), ("tertutup", "Tertutup")],
    },
    {
        "slug": "tingkat-penyajian",
        "name": "Tingkat Penyajian Wilayah",
        "source": "Kepmendagri 300.2.2-2138/2025 (tingkat wilayah)",
        "items": [
            ("kabupaten_kota", "Kabupaten/Kota"),
            ("kecamatan", "Kecamatan"),
            ("desa_kelurahan", "Desa/Kelurahan"),
        ],
    },
]
