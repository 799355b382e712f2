"""Sampling error of a survey's main variables.

SOP step 4 "Penilaian Akurasi Data" asks, for every survey drawn as a probability sample, for the
sampling error of its main variables; the figure chosen fills BPS metadata item MS-Keg 5.6 "Nilai
Perkiraan Sampling Error Variabel Utama" (shared/design/domain-reference.md §8).

Every estimator returns an `Estimate`: the estimate, its standard error (SE), the relative standard
error RSE = SE / |estimate| × 100 %, a normal-approximation confidence interval (estimate ± z·SE),
the design effect where the input allows one, and the RSE reliability band. Each design can be fed
raw sample values; SRS and stratified designs can also be fed summary statistics (n, mean, sd, N)
because a producer often has only the tables of a report at hand.

The formulas are the standard design-based ones:

- Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley: ch. 2 (simple random sampling),
  ch. 3 (proportions), ch. 5 (stratified random sampling), ch. 9 (single-stage cluster sampling),
  ch. 11 (subsampling with units of unequal sizes, i.e. multi-stage designs).
- Lohr, S. L. (2010). *Sampling: Design and Analysis*, 2nd ed., Brooks/Cole: ch. 2 (SRS), ch. 3
  (stratified), ch. 4 (ratio estimation), ch. 5 (one-stage cluster sampling), ch. 7 (design
  effects), ch. 9 (variance estimation in complex surveys: linearisation, with-replacement
  "ultimate cluster" approximation).
- Kish, L. (1965). *Survey Sampling*, Wiley: the design effect.

The module is plain standard-library Python on purpose: it runs unchanged in a view, a task or a
notebook, and each figure can be checked with a calculator. Error messages are Indonesian because
they are shown to the data producer who typed the figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from numbers import Real
from statistics import NormalDist
from typing import NoReturn, TypeAlias

# Figures arrive from forms and DecimalFields as well as from floats.
Number: TypeAlias = float | Decimal

# Upper bounds of the RSE bands, in percent (see RseBand).
RELIABLE_MAX_RSE = 25.0
CAUTION_MAX_RSE = 50.0

DEFAULT_CONFIDENCE = 0.95
# The rounded quantile that BPS publications and textbooks use for 95 %, so that our figures agree
# with a hand calculation to the last digit; NormalDist would give 1.959964.
Z_95 = 1.96


class SamplingInputError(ValueError):
    """Input from which no sampling error can be computed; the message says what is wrong and where."""


class RseBand(StrEnum):
    """Reliability of an estimate judged by its RSE.

    The thresholds (RSE ≤ 25 % reliable, 25 % < RSE ≤ 50 % use with caution, RSE > 50 % not
    reliable) are the ones BPS training material cites from Soedarti et al. (2007) and that generic
    survey practice uses too. They are a convention, not a rule found in a BPS regulation: medium
    confidence (domain reference §8.1). A value on a boundary belongs to the better band.
    """

    RELIABLE = "reliable"
    CAUTION = "caution"
    UNRELIABLE = "unreliable"

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]


_BAND_LABELS: dict[RseBand, str] = {
    RseBand.RELIABLE: "Akurat (RSE ≤ 25%)",
    RseBand.CAUTION: "Perlu kehati-hatian (25% < RSE ≤ 50%)",
    RseBand.UNRELIABLE: "Tidak akurat (RSE > 50%)",
}


class Design(StrEnum):
    """The sampling design a figure was computed for, as reported next to it."""

    SRS = "srs"
    STRATIFIED = "stratified"
    CLUSTER = "cluster"
    ULTIMATE_CLUSTER = "ultimate_cluster"

    @property
    def label(self) -> str:
        return _DESIGN_LABELS[self]


_DESIGN_LABELS: dict[Design, str] = {
    Design.SRS: "Acak sederhana tanpa pengembalian",
    Design.STRATIFIED: "Acak berstrata",
    Design.CLUSTER: "Klaster satu tahap",
    Design.ULTIMATE_CLUSTER: "Multi-tahap (pendekatan ultimate cluster)",
}


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """One estimate with its sampling error.

    `n` counts sampled elements (for cluster designs the sum of the cluster sizes); `n_psu` counts
    sampled clusters or PSUs and is None for unclustered designs. `rse_percent` and `band` are None
    when the estimate is 0, where a relative error has no meaning. `deff` (design effect, V̂ divided
    by the variance under simple random sampling of the same n) is 1 for SRS, and None when the
    input does not allow the comparison (a one-stage cluster sample given as cluster totals) or the
    SRS variance is 0.
    """

    estimate: float
    se: float
    rse_percent: float | None
    ci_low: float
    ci_high: float
    confidence: float
    n: int
    n_psu: int | None
    design: Design
    deff: float | None
    band: RseBand | None

    @property
    def variance(self) -> float:
        return self.se**2

    @property
    def margin_of_error(self) -> float:
        """z·SE, the half-width of the confidence interval."""
        return (self.ci_high - self.ci_low) / 2


@dataclass(frozen=True, kw_only=True)
class Stratum:
    """One stratum of a stratified random sample (SRSWOR within the stratum).

    Give either the sample `values`, or a summary: `n`, `mean` and `sd` (sample standard deviation,
    divisor n − 1) for means and totals, `n` and `p` for proportions.
    """

    name: str
    population_size: int
    values: Sequence[Number] | None = None
    n: int | None = None
    mean: Number | None = None
    sd: Number | None = None
    p: Number | None = None


@dataclass(frozen=True, kw_only=True)
class Cluster:
    """One sampled cluster of a one-stage cluster sample: every element of it was observed.

    `total` is tᵢ, the sum of the variable over the cluster's elements; `size` is Mᵢ, the number of
    elements.
    """

    total: Number
    size: int
    name: str = ""


@dataclass(frozen=True, kw_only=True)
class Psu:
    """One sampled primary sampling unit of a multi-stage design, with its observed elements.

    `weights` are the final sampling weights of the elements (inverse of their overall inclusion
    probability); leave `stratum` empty for an unstratified design.
    """

    values: Sequence[Number]
    weights: Sequence[Number]
    stratum: str = ""
    name: str = ""


def rse_band(rse_percent: float | None) -> RseBand | None:
    """The reliability band of an RSE in percent; None when the RSE is undefined (estimate 0)."""
    if rse_percent is None:
        return None
    value = _number(rse_percent, what="RSE", where="")
    if value < 0:
        _fail("", f"RSE tidak boleh negatif; diberikan {_show(rse_percent)}.")
    if value <= RELIABLE_MAX_RSE:
        return RseBand.RELIABLE
    if value <= CAUTION_MAX_RSE:
        return RseBand.CAUTION
    return RseBand.UNRELIABLE


# --- simple random sampling without replacement -----------------------------------------------


def srs_mean(
    values: Iterable[Number], *, population_size: int | None = None, confidence: float = DEFAULT_CONFIDENCE
) -> Estimate:
    """Mean of an SRSWOR sample: V̂(ȳ) = (1 − n/N)·s²/n (Cochran 1977 ch. 2; Lohr 2010 ch. 2).

    Without `population_size` the finite population correction is left out, which overstates the
    variance slightly; that is the safe side when N is unknown or much larger than n.
    """
    return _srs_mean(_summarise(_sample(values, where=""), where=""), population_size, confidence)


def srs_mean_from_summary(
    *,
    n: int,
    mean: Number,
    sd: Number,
    population_size: int | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
) -> Estimate:
    """`srs_mean` from a report's summary: sample size, mean and sample standard deviation (n − 1)."""
    return _srs_mean(_summary_from(n=n, mean=mean, sd=sd, where=""), population_size, confidence)


def srs_total(values: Iterable[Number], *, population_size: int, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Total of an SRSWOR sample: Ŷ = N·ȳ, V̂(Ŷ) = N²(1 − n/N)·s²/n (Cochran 1977 ch. 2; Lohr 2010 ch. 2).

    N is required: without it there is no total to estimate.
    """
    return _srs_total(_summarise(_sample(values, where=""), where=""), population_size, confidence)


def srs_total_from_summary(
    *, n: int, mean: Number, sd: Number, population_size: int, confidence: float = DEFAULT_CONFIDENCE
) -> Estimate:
    """`srs_total` from sample size, mean and sample standard deviation."""
    return _srs_total(_summary_from(n=n, mean=mean, sd=sd, where=""), population_size, confidence)


def srs_proportion(
    values: Iterable[Number | bool], *, population_size: int | None = None, confidence: float = DEFAULT_CONFIDENCE
) -> Estimate:
    """Proportion from 0/1 (or False/True) values of an SRSWOR sample.

    V̂(p̂) = (1 − n/N)·p̂(1 − p̂)/(n − 1) (Cochran 1977 ch. 3; Lohr 2010 ch. 2): the unbiased
    estimator, hence n − 1 and not n. The interval is the plain normal (Wald) one, as for the other
    estimators; it can reach below 0 or above 1 when p̂ is near the edge and n is small.
    """
    data = _sample(values, where="", proportion=True)
    _need_two(len(data), where="", unit="sampel")
    return _srs_proportion(len(data), math.fsum(data) / len(data), population_size, confidence)


def srs_proportion_from_summary(
    *, n: int, p: Number, population_size: int | None = None, confidence: float = DEFAULT_CONFIDENCE
) -> Estimate:
    """`srs_proportion` from sample size and sample proportion (e.g. successes / n)."""
    size = _count(n, what="ukuran sampel (n)", where="", minimum=0)
    _need_two(size, where="", unit="sampel")
    return _srs_proportion(size, _proportion(p, where=""), population_size, confidence)


def _srs_mean(summary: _Summary, population_size: int | None, confidence: float) -> Estimate:
    fpc = _fpc(summary.n, population_size, where="")
    return _result(
        estimate=summary.mean,
        variance=fpc * summary.variance / summary.n,
        n=summary.n,
        design=Design.SRS,
        deff=1.0,  # the design is the reference design
        confidence=confidence,
    )


def _srs_total(summary: _Summary, population_size: int, confidence: float) -> Estimate:
    size = _count(population_size, what="ukuran populasi (N)", where="", minimum=1)
    fpc = _fpc(summary.n, size, where="")
    return _result(
        estimate=size * summary.mean,
        variance=size**2 * fpc * summary.variance / summary.n,
        n=summary.n,
        design=Design.SRS,
        deff=1.0,
        confidence=confidence,
    )


def _srs_proportion(n: int, p: float, population_size: int | None, confidence: float) -> Estimate:
    fpc = _fpc(n, population_size, where="")
    return _result(
        estimate=p,
        variance=fpc * p * (1 - p) / (n - 1),
        n=n,
        design=Design.SRS,
        deff=1.0,
        confidence=confidence,
    )


# --- stratified random sampling -----------------------------------------------------------------


def stratified_mean(strata: Iterable[Stratum], *, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Mean of a stratified random sample (SRSWOR within each stratum).

    ȳ_st = Σ W_h ȳ_h, V̂(ȳ_st) = Σ W_h²(1 − f_h)s_h²/n_h with W_h = N_h/N and f_h = n_h/N_h
    (Cochran 1977 ch. 5; Lohr 2010 ch. 3). Every stratum needs n_h ≥ 2, since its own s_h² enters
    the variance. For the design effect see `stratified_total`.
    """
    total, variance, deff, n, size = _stratified(strata, proportion=False)
    return _result(
        estimate=total / size,
        variance=variance / size**2,
        n=n,
        design=Design.STRATIFIED,
        deff=deff,
        confidence=confidence,
    )


def stratified_total(strata: Iterable[Stratum], *, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Total of a stratified random sample: Ŷ_st = Σ N_h ȳ_h, V̂ = Σ N_h²(1 − f_h)s_h²/n_h.

    The design effect answers the question of Cochran (1977 ch. 5) and Lohr (2010 ch. 3, 7), how
    much the stratification gained over an SRSWOR of the same n from the same N: deff = V̂/V̂_srs
    with V̂_srs = N²(1 − n/N)s²/n, s² being the variance of the pooled sample (all strata together,
    unweighted; computed exactly from the stratum summaries). We chose the pooled sample because a
    producer can recompute it by hand. It is right for proportional allocation, where the pooled
    sample is self-weighting; with disproportionate allocation it is an approximation, the pooled s²
    leaning towards the over-sampled strata.
    """
    total, variance, deff, n, _size = _stratified(strata, proportion=False)
    return _result(estimate=total, variance=variance, n=n, design=Design.STRATIFIED, deff=deff, confidence=confidence)


def stratified_proportion(strata: Iterable[Stratum], *, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Proportion from a stratified random sample; strata give 0/1 `values` or `n` and `p`.

    p̂_st = Σ W_h p̂_h, V̂ = Σ W_h²(1 − f_h)p̂_h(1 − p̂_h)/(n_h − 1) (Cochran 1977 ch. 5; Lohr 2010
    ch. 3). This is `stratified_mean` on a 0/1 variable, since s_h² = n_h p̂_h(1 − p̂_h)/(n_h − 1).
    """
    total, variance, deff, n, size = _stratified(strata, proportion=True)
    return _result(
        estimate=total / size,
        variance=variance / size**2,
        n=n,
        design=Design.STRATIFIED,
        deff=deff,
        confidence=confidence,
    )


def _stratified(strata: Iterable[Stratum], *, proportion: bool) -> tuple[float, float, float | None, int, int]:
    """Estimated total, its variance, the design effect, n and N over all strata."""
    if isinstance(strata, (str, bytes)) or not isinstance(strata, Iterable):
        _fail("", "strata harus berupa daftar Stratum.")
    parts: list[tuple[int, _Summary]] = []
    seen: set[str] = set()
    for position, stratum in enumerate(strata, start=1):
        if not isinstance(stratum, Stratum):
            _fail(f"Strata ke-{position}", f"bukan Stratum: {_show(stratum)}.")
        where = _label("Strata", stratum.name, position)
        if stratum.name in seen:
            _fail(where, "nama strata dipakai lebih dari sekali.")
        seen.add(stratum.name)
        parts.append(_stratum_summary(stratum, where=where, proportion=proportion))
    if not parts:
        _fail("", "tidak ada strata.")

    total = math.fsum(size * s.mean for size, s in parts)
    variance = math.fsum(size**2 * (1 - s.n / size) * s.variance / s.n for size, s in parts)

    # The SRS reference: one SRSWOR of the same n from the same N, its s² being the variance of the
    # pooled sample, decomposed into within- and between-stratum sums of squares.
    n = sum(s.n for _, s in parts)
    population = sum(size for size, _ in parts)
    pooled_mean = math.fsum(s.n * s.mean for _, s in parts) / n
    within = math.fsum((s.n - 1) * s.variance for _, s in parts)
    between = math.fsum(s.n * (s.mean - pooled_mean) ** 2 for _, s in parts)
    srs_variance = population**2 * (1 - n / population) * (within + between) / (n - 1) / n
    deff = variance / srs_variance if srs_variance > 0 else None
    return total, variance, deff, n, population


def _stratum_summary(stratum: Stratum, *, where: str, proportion: bool) -> tuple[int, _Summary]:
    size = _count(stratum.population_size, what="ukuran populasi (N)", where=where, minimum=1)
    summary_fields = (stratum.n, stratum.mean, stratum.sd, stratum.p)
    if stratum.values is not None:
        if any(value is not None for value in summary_fields):
            _fail(where, "isi nilai sampel (values) atau ringkasannya, bukan keduanya.")
        summary = _summarise(_sample(stratum.values, where=where, proportion=proportion), where=where)
    elif proportion:
        if stratum.mean is not None or stratum.sd is not None:
            _fail(where, "untuk proporsi isi n dan p, bukan mean dan sd.")
        if stratum.n is None or stratum.p is None:
            _fail(where, "isi nilai sampel (values) atau ringkasan n dan p.")
        count = _count(stratum.n, what="ukuran sampel (n)", where=where, minimum=0)
        _need_two(count, where=where, unit="sampel")
        p = _proportion(stratum.p, where=where)
        # The sample variance of a 0/1 variable, so that proportions share the code of means.
        summary = _Summary(n=count, mean=p, variance=count * p * (1 - p) / (count - 1))
    else:
        if stratum.p is not None:
            _fail(where, "p hanya untuk proporsi; untuk rata-rata dan total isi n, mean dan sd.")
        if stratum.n is None or stratum.mean is None or stratum.sd is None:
            _fail(where, "isi nilai sampel (values) atau ringkasan n, mean dan sd.")
        summary = _summary_from(n=stratum.n, mean=stratum.mean, sd=stratum.sd, where=where)
    if summary.n > size:
        _fail(where, f"ukuran sampel (n = {summary.n}) melebihi ukuran populasi (N = {size}).")
    return size, summary


def _label(kind: str, name: object, position: int) -> str:
    """How a message names a stratum, cluster or PSU: by its name, else by its position."""
    return f"{kind} '{name}'" if isinstance(name, str) and name.strip() else f"{kind} ke-{position}"


# --- one-stage cluster sampling -----------------------------------------------------------------


def cluster_total(
    clusters: Iterable[Cluster], *, total_clusters: int, confidence: float = DEFAULT_CONFIDENCE
) -> Estimate:
    """Population total from a one-stage cluster sample of m clusters out of M (SRSWOR of clusters).

    Ŷ = (M/m)Σtᵢ, V̂(Ŷ) = M²(1 − m/M)·s_t²/m with s_t² the sample variance of the cluster totals
    (Cochran 1977 ch. 9; Lohr 2010 ch. 5): the clusters are the sampling units, so the SRS formula
    applies to their totals. Unbiased, but with unequal cluster sizes usually much less precise
    than `cluster_ratio_mean` scaled by a known number of elements.
    """
    totals, sizes, population = _clusters(clusters, total_clusters=total_clusters)
    m = len(totals)
    mean_total = math.fsum(totals) / m
    s2 = math.fsum((t - mean_total) ** 2 for t in totals) / (m - 1)
    return _result(
        estimate=population / m * math.fsum(totals),
        variance=population**2 * (1 - m / population) * s2 / m,
        n=sum(sizes),
        n_psu=m,
        design=Design.CLUSTER,
        deff=None,  # cluster totals alone do not give the element variance an SRS would have
        confidence=confidence,
    )


def cluster_ratio_mean(
    clusters: Iterable[Cluster], *, total_clusters: int, confidence: float = DEFAULT_CONFIDENCE
) -> Estimate:
    """Mean per element from a one-stage cluster sample: the ratio r̂ = Σtᵢ / ΣMᵢ.

    V̂(r̂) ≈ (1 − m/M)/(m·M̄²) · Σ(tᵢ − r̂Mᵢ)²/(m − 1), with M̄ = ΣMᵢ/m the mean sampled cluster size
    (Taylor linearisation of a ratio; Cochran 1977 ch. 6 and 9; Lohr 2010 ch. 4 and 5). The
    ratio is the usual estimator when clusters differ in size: it is slightly biased but its
    variance depends only on how far each cluster's total is from r̂ times its size.
    """
    totals, sizes, population = _clusters(clusters, total_clusters=total_clusters)
    m = len(totals)
    elements = sum(sizes)
    if elements == 0:
        _fail("", "semua klaster berukuran 0; rata-rata per elemen tidak dapat dihitung.")
    ratio = math.fsum(totals) / elements
    mean_size = elements / m
    residuals = math.fsum((t - ratio * size) ** 2 for t, size in zip(totals, sizes, strict=True))
    return _result(
        estimate=ratio,
        variance=(1 - m / population) / (m * mean_size**2) * residuals / (m - 1),
        n=elements,
        n_psu=m,
        design=Design.CLUSTER,
        deff=None,
        confidence=confidence,
    )


def _clusters(clusters: Iterable[Cluster], *, total_clusters: int) -> tuple[list[float], list[int], int]:
    if isinstance(clusters, (str, bytes)) or not isinstance(clusters, Iterable):
        _fail("", "klaster harus berupa daftar Cluster.")
    totals: list[float] = []
    sizes: list[int] = []
    for position, cluster in enumerate(clusters, start=1):
        if not isinstance(cluster, Cluster):
            _fail(f"Klaster ke-{position}", f"bukan Cluster: {_show(cluster)}.")
        where = _label("Klaster", cluster.name, position)
        total = _number(cluster.total, what="total klaster (tᵢ)", where=where)
        size = _count(cluster.size, what="ukuran klaster (Mᵢ)", where=where, minimum=0)
        if size == 0 and total != 0:
            _fail(where, f"klaster tanpa elemen (Mᵢ = 0) harus bertotal 0; diberikan {_show(cluster.total)}.")
        totals.append(total)
        sizes.append(size)
    _need_two(len(totals), where="", unit="klaster")
    population = _count(total_clusters, what="jumlah klaster populasi (M)", where="", minimum=1)
    if len(totals) > population:
        _fail("", f"jumlah klaster sampel (m = {len(totals)}) melebihi jumlah klaster populasi (M = {population}).")
    return totals, sizes, population


# --- multi-stage designs: ultimate-cluster approximation ----------------------------------------


def ultimate_cluster_total(psus: Iterable[Psu], *, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Weighted total Ŷ = Σ wy of a stratified multi-stage sample, by the ultimate-cluster method.

    Each PSU's weighted total ŷ_hi = Σⱼ w_hij y_hij is treated as if the PSUs had been drawn with
    replacement within their stratum, and V̂(Ŷ) = Σ_h n_h/(n_h − 1) Σᵢ (ŷ_hi − ȳ_h)², ȳ_h the mean
    of the ŷ_hi in stratum h (Lohr 2010 ch. 9; Cochran 1977 ch. 11). The later stages need no
    formula of their own because the spread between PSU totals already carries their variance; the
    price is that the finite population correction of the first stage is ignored, which errs on the
    safe (larger) side. This is the default of R `survey`, SAS SURVEYMEANS and `samplics`. Every
    stratum needs at least 2 PSUs.

    The design effect is Kish's: V̂ divided by the variance of the same estimator under simple
    random sampling with replacement of the same number of elements, N̂²Ŝ²/n, where N̂ = Σw and
    Ŝ² = n/(n − 1)·Σw(y − ȳ_w)²/Σw is the weighted element variance (Kish 1965; Lohr 2010 ch. 7).
    """
    units = _psus(psus)
    grouped: dict[str, list[float]] = defaultdict(list)
    for unit in units:
        grouped[unit.stratum].append(unit.weighted_total)
    total = math.fsum(unit.weighted_total for unit in units)
    variance = _between_psu_variance(grouped)
    weight_sum, s2, n = _element_variance(units)
    srs_variance = weight_sum**2 * s2 / n
    return _result(
        estimate=total,
        variance=variance,
        n=n,
        n_psu=len(units),
        design=Design.ULTIMATE_CLUSTER,
        deff=variance / srs_variance if srs_variance > 0 else None,
        confidence=confidence,
    )


def ultimate_cluster_mean(psus: Iterable[Psu], *, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
    """Weighted mean r̂ = Σwy / Σw of a stratified multi-stage sample (a ratio of two totals).

    Taylor linearisation: each PSU contributes z_hi = (ŷ_hi − r̂·ŵ_hi)/Σw, where ŵ_hi = Σⱼ w_hij,
    and V̂(r̂) = Σ_h n_h/(n_h − 1) Σᵢ (z_hi − z̄_h)² (Lohr 2010 ch. 9, with the ultimate-cluster
    variance of `ultimate_cluster_total`). The mean is a ratio because Σw is itself estimated; a
    proportion is the mean of a 0/1 variable. The design effect divides by Ŝ²/n (see
    `ultimate_cluster_total`).
    """
    units = _psus(psus)
    weight_sum, s2, n = _element_variance(units)
    ratio = math.fsum(unit.weighted_total for unit in units) / weight_sum
    grouped: dict[str, list[float]] = defaultdict(list)
    for unit in units:
        grouped[unit.stratum].append((unit.weighted_total - ratio * unit.weight_sum) / weight_sum)
    variance = _between_psu_variance(grouped)
    srs_variance = s2 / n
    return _result(
        estimate=ratio,
        variance=variance,
        n=n,
        n_psu=len(units),
        design=Design.ULTIMATE_CLUSTER,
        deff=variance / srs_variance if srs_variance > 0 else None,
        confidence=confidence,
    )


@dataclass(frozen=True)
class _PsuData:
    stratum: str
    values: list[float]
    weights: list[float]
    weighted_total: float
    weight_sum: float


def _psus(psus: Iterable[Psu]) -> list[_PsuData]:
    if isinstance(psus, (str, bytes)) or not isinstance(psus, Iterable):
        _fail("", "PSU harus berupa daftar Psu.")
    units: list[_PsuData] = []
    for position, psu in enumerate(psus, start=1):
        if not isinstance(psu, Psu):
            _fail(f"PSU ke-{position}", f"bukan Psu: {_show(psu)}.")
        if not isinstance(psu.stratum, str):
            _fail(f"PSU ke-{position}", f"nama strata harus berupa teks; diberikan {_show(psu.stratum)}.")
        where = _label("PSU", psu.name, position)
        if psu.stratum:
            where += f" (strata '{psu.stratum}')"
        values = _sample(psu.values, where=where)
        weights = _weights(psu.weights, where=where)
        if not values:
            _fail(where, "tidak ada nilai.")
        if len(values) != len(weights):
            _fail(where, f"jumlah nilai ({len(values)}) tidak sama dengan jumlah bobot ({len(weights)}).")
        units.append(
            _PsuData(
                stratum=psu.stratum,
                values=values,
                weights=weights,
                weighted_total=math.fsum(w * y for w, y in zip(weights, values, strict=True)),
                weight_sum=math.fsum(weights),
            )
        )
    if not units:
        _fail("", "tidak ada PSU.")
    counts: dict[str, int] = defaultdict(int)
    for unit in units:
        counts[unit.stratum] += 1
    for stratum, count in counts.items():
        _need_two(count, where=f"Strata '{stratum}'" if stratum else "", unit="PSU")
    return units


def _weights(weights: Iterable[object], *, where: str) -> list[float]:
    if isinstance(weights, (str, bytes)) or not isinstance(weights, Iterable):
        _fail(where, f"bobot harus berupa daftar angka; diberikan {_show(weights)}.")
    out: list[float] = []
    for position, weight in enumerate(weights, start=1):
        value = _number(weight, what=f"bobot ke-{position}", where=where)
        if value < 0:
            _fail(where, f"bobot ke-{position} tidak boleh negatif; diberikan {_show(weight)}.")
        out.append(value)
    return out


def _element_variance(units: list[_PsuData]) -> tuple[float, float, int]:
    """Σw, the weighted element variance Ŝ² and the number of elements, for the design effect."""
    weight_sum = math.fsum(unit.weight_sum for unit in units)
    if weight_sum == 0:
        _fail("", "jumlah seluruh bobot nol; tidak ada yang dapat diperkirakan.")
    n = sum(len(unit.values) for unit in units)
    mean = math.fsum(unit.weighted_total for unit in units) / weight_sum
    spread = math.fsum(w * (y - mean) ** 2 for unit in units for w, y in zip(unit.weights, unit.values, strict=True))
    return weight_sum, n / (n - 1) * spread / weight_sum, n


def _between_psu_variance(grouped: dict[str, list[float]]) -> float:
    """Σ_h n_h/(n_h − 1) Σᵢ (z_hi − z̄_h)²: the with-replacement variance of a sum of PSU values."""
    variance = 0.0
    for values in grouped.values():
        count = len(values)
        mean = math.fsum(values) / count
        variance += count / (count - 1) * math.fsum((z - mean) ** 2 for z in values)
    return variance


# --- MS-Keg 5.6 ---------------------------------------------------------------------------------


def ms_keg_5_6_text(estimate: Estimate, *, variable_name: str, decimals: int | None = None) -> str:
    """The sampling error as written in MS-Keg 5.6, in Indonesian number format.

    For example "Rata-rata pengeluaran: RSE 4,21% (SE 12.346; SK 95%: 281.234–330.766)". The RSE
    has two decimals; SE and interval share `decimals`, by default enough to show the SE to three
    significant digits.
    """
    if not isinstance(variable_name, str) or not variable_name.strip():
        _fail("", "nama variabel tidak boleh kosong.")
    if decimals is None:
        places = _default_decimals(estimate.se)
    elif isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        _fail("", f"jumlah desimal harus bilangan bulat ≥ 0; diberikan {_show(decimals)}.")
    else:
        places = decimals
    if estimate.rse_percent is None:
        rse = "RSE tidak terdefinisi (estimasi = 0)"
    else:
        rse = f"RSE {format_number_id(estimate.rse_percent, decimals=2)}%"
    level = f"{round(estimate.confidence * 100, 6):g}".replace(".", ",")
    se = format_number_id(estimate.se, decimals=places)
    low = format_number_id(estimate.ci_low, decimals=places)
    high = format_number_id(estimate.ci_high, decimals=places)
    return f"{variable_name.strip()}: {rse} (SE {se}; SK {level}%: {low}–{high})"


def format_number_id(value: float, *, decimals: int) -> str:
    """A number in Indonesian notation: dot between thousands, comma before decimals (1.234,5)."""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    # No "-0,00": a value that rounds to zero has no sign.
    if value < 0 and text.strip("0.,"):
        return "-" + text
    return text


def _default_decimals(se: float) -> int:
    if not math.isfinite(se) or se <= 0:
        return 2
    return max(0, 2 - math.floor(math.log10(se)))


# --- shared pieces ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Summary:
    n: int
    mean: float
    variance: float  # sample variance s², divisor n − 1


def _result(
    *,
    estimate: float,
    variance: float,
    n: int,
    design: Design,
    deff: float | None,
    confidence: float,
    n_psu: int | None = None,
) -> Estimate:
    z = _z(confidence)
    # Rounding can leave a zero variance a hair below 0.
    se = math.sqrt(max(variance, 0.0))
    # Relative to the size of the estimate, whatever its sign; undefined at 0.
    rse = None if estimate == 0 else se / abs(estimate) * 100
    return Estimate(
        estimate=estimate,
        se=se,
        rse_percent=rse,
        ci_low=estimate - z * se,
        ci_high=estimate + z * se,
        confidence=confidence,
        n=n,
        n_psu=n_psu,
        design=design,
        deff=deff,
        band=rse_band(rse),
    )


def _z(confidence: float) -> float:
    if isinstance(confidence, bool) or not isinstance(confidence, (Real, Decimal)):
        _fail("", f"tingkat kepercayaan bukan angka: {_show(confidence)}.")
    level = float(confidence)
    if not 0 < level < 1:
        _fail("", f"tingkat kepercayaan harus di antara 0 dan 1 (misalnya 0.95); diberikan {_show(confidence)}.")
    if level == DEFAULT_CONFIDENCE:
        return Z_95
    return NormalDist().inv_cdf(0.5 + level / 2)


def _fpc(n: int, population_size: int | None, *, where: str) -> float:
    """1 − n/N, or 1 when N is not given (sampling from a population taken as infinite)."""
    if population_size is None:
        return 1.0
    size = _count(population_size, what="ukuran populasi (N)", where=where, minimum=1)
    if n > size:
        _fail(where, f"ukuran sampel (n = {n}) melebihi ukuran populasi (N = {size}).")
    return 1 - n / size


def _sample(values: Iterable[object], *, where: str, proportion: bool = False) -> list[float]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        _fail(where, f"nilai sampel harus berupa daftar angka; diberikan {_show(values)}.")
    out: list[float] = []
    for position, value in enumerate(values, start=1):
        if proportion and isinstance(value, bool):
            out.append(float(value))
            continue
        number = _number(value, what=f"nilai ke-{position}", where=where)
        if proportion and number not in (0.0, 1.0):
            _fail(where, f"nilai ke-{position} harus 0 atau 1 untuk proporsi; diberikan {_show(value)}.")
        out.append(number)
    return out


def _summarise(values: list[float], *, where: str) -> _Summary:
    _need_two(len(values), where=where, unit="sampel")
    n = len(values)
    mean = math.fsum(values) / n
    # Two passes: the textbook Σy² − nȳ² loses digits on large values such as rupiah.
    variance = math.fsum((y - mean) ** 2 for y in values) / (n - 1)
    return _Summary(n=n, mean=mean, variance=variance)


def _summary_from(*, n: object, mean: object, sd: object, where: str) -> _Summary:
    count = _count(n, what="ukuran sampel (n)", where=where, minimum=0)
    _need_two(count, where=where, unit="sampel")
    average = _number(mean, what="rata-rata (mean)", where=where)
    spread = _number(sd, what="simpangan baku (sd)", where=where)
    if spread < 0:
        _fail(where, f"simpangan baku (sd) tidak boleh negatif; diberikan {_show(sd)}.")
    return _Summary(n=count, mean=average, variance=spread**2)


def _proportion(p: object, *, where: str) -> float:
    value = _number(p, what="proporsi (p)", where=where)
    if not 0 <= value <= 1:
        _fail(where, f"proporsi (p) harus di antara 0 dan 1; diberikan {_show(p)}.")
    return value


def _need_two(count: int, *, where: str, unit: str) -> None:
    if count < 2:
        _fail(where, f"minimal 2 {unit} diperlukan untuk menghitung varians; ada {count}.")


def _number(value: object, *, what: str, where: str) -> float:
    # bool is an int to Python, but True in a column of rupiah is a data error.
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        _fail(where, f"{what} bukan angka: {_show(value)}.")
    number = float(value)
    if not math.isfinite(number):
        _fail(where, f"{what} harus angka terhingga; diberikan {_show(value)}.")
    return number


def _count(value: object, *, what: str, where: str, minimum: int) -> int:
    number = _number(value, what=what, where=where)
    if not number.is_integer():
        _fail(where, f"{what} harus bilangan bulat; diberikan {_show(value)}.")
    if number < 0:
        _fail(where, f"{what} tidak boleh negatif; diberikan {_show(value)}.")
    if number < minimum:
        _fail(where, f"{what} minimal {minimum}; diberikan {_show(value)}.")
    return value if isinstance(value, int) else int(number)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _fail(where: str, message: str) -> NoReturn:
    raise SamplingInputError(f"{where}: {message}" if where else message[:1].upper() + message[1:])
