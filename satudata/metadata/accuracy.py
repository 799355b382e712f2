"""The accuracy calculator's input parsing: summary figures, per-stratum lines, or a sample CSV,
turned into calls of `satudata.analysis.sampling`. Bad input is reported in Indonesian with the line
or row where it is."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from satudata.analysis import sampling
from satudata.metadata.models import AccuracyAssessment

# Marked for the catalogue here; the form translates them when it shows them.
DESIGNS = [
    ("srs_mean", gettext_noop("Acak sederhana (SRS) — rata-rata, dari ringkasan")),
    ("srs_proportion", gettext_noop("Acak sederhana (SRS) — proporsi, dari ringkasan")),
    ("stratified_mean", gettext_noop("Acak berstrata — rata-rata, ringkasan per strata")),
    ("stratified_proportion", gettext_noop("Acak berstrata — proporsi, ringkasan per strata")),
    ("sample_csv", gettext_noop("Data sampel (CSV): kolom nilai, opsional strata dan populasi_strata")),
    ("cluster_csv", gettext_noop("Klaster satu tahap (CSV): kolom klaster, nilai; isi jumlah klaster populasi")),
    ("multistage_csv", gettext_noop("Bertahap, ultimate cluster (CSV): kolom psu, bobot, nilai; opsional strata")),
]
MAX_CSV_BYTES = 5 * 1024 * 1024


class AccuracyInputError(ValueError):
    pass


# Dot-separated groups of three digits: Indonesian thousands ("1.500", "1.234.567").
_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _number(text: str, where: str, *, integer: bool = False) -> float:
    cleaned = text.strip().replace(" ", "")
    # Indonesian writing: 1.234,5 — accept it as well as 1234.5
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(cleaned) and (integer or cleaned.count(".") > 1):
        # As satudata/datasets/validation.py reads numbers: an integer has no decimals, so "1.500" is
        # 1500, and several dots can only be thousands. One dot in a decimal value stays the decimal
        # mark, since "33.900" from a textbook table means 33.9.
        cleaned = cleaned.replace(".", "")
    try:
        value = float(cleaned)
    except ValueError as exc:
        raise AccuracyInputError(_("%(where)s: '%(text)s' bukan angka.") % {"where": where, "text": text}) from exc
    if integer and not value.is_integer():
        raise AccuracyInputError(_("%(where)s: '%(text)s' harus bilangan bulat.") % {"where": where, "text": text})
    return value


def strata_from_lines(text: str, *, proportion: bool) -> list[sampling.Stratum]:
    """Lines "nama | N | n | rata-rata | simpangan baku" (or "nama | N | n | p" for proportions)."""
    strata = []
    parts_needed = 4 if proportion else 5
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        where = _("Strata baris %(n)s") % {"n": number}
        if len(parts) != parts_needed:
            raise AccuracyInputError(
                _("%(where)s: tulis %(count)s bagian dipisah '|'.") % {"where": where, "count": parts_needed}
            )
        name = parts[0]
        size = int(_number(parts[1], where + " (N)", integer=True))
        n = int(_number(parts[2], where + " (n)", integer=True))
        if proportion:
            strata.append(sampling.Stratum(name=name, population_size=size, n=n, p=_number(parts[3], where + " (p)")))
        else:
            strata.append(
                sampling.Stratum(
                    name=name, population_size=size, n=n, mean=_number(parts[3], where), sd=_number(parts[4], where)
                )
            )
    if not strata:
        raise AccuracyInputError(_("Isi minimal dua strata, satu per baris."))
    return strata


def _unreadable(row_number: int) -> AccuracyInputError:
    """The csv module's refusal of a row (a field over its 128 KB limit, a stray carriage return) as
    bad input at that row, not a server error."""
    where = _("CSV baris %(n)s") % {"n": row_number}
    message = _(
        "%(where)s tidak dapat dibaca: periksa isian yang sangat panjang (lebih dari 128 KB) "
        "atau karakter yang tidak lazim."
    )
    return AccuracyInputError(message % {"where": where})


def _read_csv(data: bytes, required: tuple[str, ...]) -> tuple[Iterator[tuple[int, dict[str, str]]], dict[str, str]]:
    """The numbered data rows and the columns by their lower-case name. The size was checked by the
    form (`check_upload`) before the file was read."""
    text = data.decode("utf-8-sig", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:  # one column, or too little text to tell: the plain comma dialect
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise _unreadable(1) from exc
    columns = {c.strip().lower(): c for c in fieldnames or []}
    for name in required:
        if name not in columns:
            raise AccuracyInputError(_("Kolom '%(name)s' tidak ada di baris judul CSV.") % {"name": name})
    return _rows(reader), columns


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows numbered from 2 (the header is row 1)."""
    rows = iter(reader)
    row_number = 2
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _unreadable(row_number) from exc
        yield row_number, row
        row_number += 1


def cluster_from_csv(data: bytes, *, total_clusters: int | None) -> tuple[sampling.Estimate, dict[str, Any]]:
    """Elements of a one-stage cluster sample (columns `klaster`, `nilai`): the mean per element as a
    ratio of cluster totals to cluster sizes."""
    if not total_clusters:
        raise AccuracyInputError(_("Isi jumlah klaster di populasi (M)."))
    reader, columns = _read_csv(data, ("klaster", "nilai"))
    totals: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for row_number, row in reader:
        raw = (row.get(columns["nilai"]) or "").strip()
        if not raw:
            continue
        key = (row.get(columns["klaster"]) or "").strip()
        value = _number(raw, _("CSV baris %(n)s") % {"n": row_number} + " (nilai)")
        totals[key] = totals.get(key, 0.0) + value
        sizes[key] = sizes.get(key, 0) + 1
    clusters = [sampling.Cluster(name=k, total=totals[k], size=sizes[k]) for k in totals]
    return sampling.cluster_ratio_mean(clusters, total_clusters=total_clusters), {"klaster": sizes, "M": total_clusters}


def multistage_from_csv(data: bytes) -> tuple[sampling.Estimate, dict[str, Any]]:
    """Elements of a multi-stage sample (columns `psu`, `bobot`, `nilai`, optional `strata`): the
    weighted mean with the ultimate-cluster variance."""
    reader, columns = _read_csv(data, ("psu", "bobot", "nilai"))
    units: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for row_number, row in reader:
        where = _("CSV baris %(n)s") % {"n": row_number}
        raw = (row.get(columns["nilai"]) or "").strip()
        if not raw:
            continue
        stratum = (row.get(columns["strata"]) or "").strip() if "strata" in columns else ""
        key = (stratum, (row.get(columns["psu"]) or "").strip())
        values, weights = units.setdefault(key, ([], []))
        values.append(_number(raw, where + " (nilai)"))
        weights.append(_number(row.get(columns["bobot"]) or "", where + " (bobot)"))
    psus = [sampling.Psu(stratum=s, name=p, values=v, weights=w) for (s, p), (v, w) in units.items()]
    return sampling.ultimate_cluster_mean(psus), {"psu": len(psus), "strata": len({s for s, _p in units})}


def estimate_from_csv(data: bytes, *, population_size: int | None) -> tuple[sampling.Estimate, dict[str, Any]]:
    """A sample as CSV: column `nilai`; with `strata` and `populasi_strata` a stratified mean."""
    reader, columns = _read_csv(data, ("nilai",))
    stratified = "strata" in columns
    if stratified and "populasi_strata" not in columns:
        raise AccuracyInputError(_("Kolom 'populasi_strata' wajib bila ada kolom 'strata'."))
    values: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    for row_number, row in reader:
        where = _("CSV baris %(n)s") % {"n": row_number}
        raw = (row.get(columns["nilai"]) or "").strip()
        if not raw:
            continue
        key = (row.get(columns["strata"]) or "").strip() if stratified else ""
        values.setdefault(key, []).append(_number(raw, where + " (nilai)"))
        if stratified:
            size = int(_number(row.get(columns["populasi_strata"]) or "", where + " (populasi_strata)", integer=True))
            if sizes.setdefault(key, size) != size:
                raise AccuracyInputError(
                    _("%(where)s: populasi_strata untuk strata '%(s)s' berbeda dengan baris sebelumnya.")
                    % {"where": where, "s": key}
                )
    if not values:
        raise AccuracyInputError(_("CSV tidak berisi nilai."))
    if stratified:
        strata = [sampling.Stratum(name=k, population_size=sizes[k], values=v) for k, v in values.items()]
        return sampling.stratified_mean(strata), {"strata": {k: len(v) for k, v in values.items()}}
    return sampling.srs_mean(values[""], population_size=population_size), {"n": len(values[""])}


def compute(design: str, data: dict[str, Any], upload: bytes | None) -> tuple[sampling.Estimate, dict[str, Any]]:
    size = int(data["population_size"]) if data.get("population_size") else None
    if design == "srs_mean":
        inputs = {k: data.get(k) for k in ("n", "mean", "sd", "population_size")}
        if None in (data.get("n"), data.get("mean"), data.get("sd")):
            raise AccuracyInputError(_("Isi n, rata-rata dan simpangan baku."))
        return sampling.srs_mean_from_summary(
            n=int(data["n"]), mean=float(data["mean"]), sd=float(data["sd"]), population_size=size
        ), inputs
    if design == "srs_proportion":
        inputs = {k: data.get(k) for k in ("n", "p", "population_size")}
        if None in (data.get("n"), data.get("p")):
            raise AccuracyInputError(_("Isi n dan proporsi p."))
        return sampling.srs_proportion_from_summary(n=int(data["n"]), p=float(data["p"]), population_size=size), inputs
    if design in ("stratified_mean", "stratified_proportion"):
        proportion = design == "stratified_proportion"
        strata = strata_from_lines(data.get("strata_lines") or "", proportion=proportion)
        estimate = sampling.stratified_proportion(strata) if proportion else sampling.stratified_mean(strata)
        return estimate, {"strata": [{k: v for k, v in asdict(s).items() if v is not None} for s in strata]}
    if design in ("sample_csv", "cluster_csv", "multistage_csv") and not upload:
        raise AccuracyInputError(_("Unggah berkas CSV data sampel."))
    if design == "sample_csv" and upload:
        return estimate_from_csv(upload, population_size=size)
    if design == "cluster_csv" and upload:
        return cluster_from_csv(
            upload, total_clusters=int(data["total_clusters"]) if data.get("total_clusters") else None
        )
    if design == "multistage_csv" and upload:
        return multistage_from_csv(upload)
    raise AccuracyInputError(_("Rancangan tidak dikenal."))


def result_dict(estimate: sampling.Estimate) -> dict[str, Any]:
    data = {k: v for k, v in asdict(estimate).items() if isinstance(v, int | float | str | type(None))}
    data["band"] = estimate.band.value if estimate.band else None
    data["band_label"] = estimate.band.label if estimate.band else None
    data["design"] = str(estimate.design)
    return data


def fill_sampling_assessment(
    assessment: AccuracyAssessment, *, variable_name: str, design: str, data: dict[str, Any], upload: bytes | None
) -> None:
    """Compute the sampling error and put it on an unsaved assessment: inputs, result and the MS-Keg
    5.6 sentence. Whether it goes into 5.6 (`applied`) is the caller's choice."""
    estimate, inputs = compute(design, data, upload)
    assessment.kind = AccuracyAssessment.Kind.SAMPLING
    assessment.variable_name, assessment.design = variable_name, design
    assessment.inputs, assessment.result = inputs, result_dict(estimate)
    assessment.text = sampling.ms_keg_5_6_text(estimate, variable_name=variable_name)
