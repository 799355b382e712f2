"""The sampling-error calculator (satudata.analysis.sampling): textbook examples with known answers,
agreement with an independent numpy recomputation, the RSE bands, and every refusal of bad input.

Pure functions: no database.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from statistics import NormalDist
from typing import Any

import numpy as np
import pytest

from satudata.analysis.sampling import (
    Cluster,
    Design,
    Estimate,
    Psu,
    RseBand,
    SamplingInputError,
    Stratum,
    cluster_ratio_mean,
    cluster_total,
    format_number_id,
    ms_keg_5_6_text,
    rse_band,
    srs_mean,
    srs_mean_from_summary,
    srs_proportion,
    srs_proportion_from_summary,
    srs_total,
    srs_total_from_summary,
    stratified_mean,
    stratified_proportion,
    stratified_total,
    ultimate_cluster_mean,
    ultimate_cluster_total,
)

FOUR_DIGITS = 5e-5  # relative tolerance: agreement to 4 significant digits
EXACT = 1e-9  # relative tolerance against the independent recomputation


# --- 1. Textbook examples -----------------------------------------------------------------------

# Cochran, W. G. (1977), Sampling Techniques, 3rd ed., Wiley, ch. 2: the petition example. Signatures
# were collected on 676 sheets (room for 42 on each); an SRS of 50 sheets was counted; Table 2.1
# gives the number of signatures y per sheet with its frequency f. The table is transcribed from
# memory of the book; the check that Σy = 1471 and Σy² = 54,497 (the sums the book prints) passes,
# which two independent sums would be unlikely to do after a transcription error.
PETITION_TABLE = [
    (42, 23), (41, 4), (36, 1), (32, 1), (29, 1), (27, 2), (23, 1), (19, 1), (16, 2), (15, 2),
    (14, 1), (11, 1), (10, 1), (9, 1), (7, 1), (6, 3), (5, 2), (4, 1), (3, 1),
]  # fmt: skip
PETITION_SHEETS = [y for y, f in PETITION_TABLE for _ in range(f)]


def test_cochran_petition_total_and_mean_with_fpc() -> None:
    assert len(PETITION_SHEETS) == 50
    assert sum(PETITION_SHEETS) == 1471
    assert sum(y * y for y in PETITION_SHEETS) == 54_497
    # ȳ = 1471/50 = 29.42; Ŷ = N·ȳ = 676 × 29.42 = 19,887.92 (the book: 19,888).
    # s² = (Σy² − (Σy)²/n)/(n − 1) = (54,497 − 43,276.82)/49 = 11,220.18/49 = 228.9833
    # v(ȳ) = (1 − f)s²/n = (1 − 50/676) × 228.9833/50 = 0.926036 × 4.579665 = 4.240933
    # s(ȳ) = √4.240933 = 2.059352;  s(Ŷ) = 676 × 2.059352 = 1,392.12
    total = srs_total(PETITION_SHEETS, population_size=676)
    assert total.estimate == pytest.approx(19_887.92, rel=FOUR_DIGITS)
    assert total.se == pytest.approx(1_392.12, rel=FOUR_DIGITS)
    assert total.design is Design.SRS
    assert total.n == 50
    mean = srs_mean(PETITION_SHEETS, population_size=676)
    assert mean.estimate == pytest.approx(29.42, rel=FOUR_DIGITS)
    assert mean.se == pytest.approx(2.059352, rel=FOUR_DIGITS)
    # RSE = 2.059352/29.42 × 100 = 7.000 %: reliable.
    assert mean.rse_percent == pytest.approx(7.000, rel=FOUR_DIGITS)
    assert mean.band is RseBand.RELIABLE
    # Leaving out N drops the fpc: SE = √4.579665 = 2.140015.
    assert srs_mean(PETITION_SHEETS).se == pytest.approx(2.140015, rel=FOUR_DIGITS)


# Lohr, S. L., Sampling: Design and Analysis, ch. 2, Example 2.5 of the 2nd ed. (2010): an SRS of
# n = 300 of the N = 3078 US counties of the 1992 Census of Agriculture (data set `agsrs`, in the R
# packages SDaA and SDAResources). Published: ȳ = 297,897.05 acres, s = 344,551.9, SE(ȳ) = 18,898.43,
# t̂ = 916,927,110 with SE 58,169,381. Before using them I recomputed these from a copy of agsrs.csv
# (300 rows): mean 297,897.0467, s 344,551.8948; the same copy has 153 counties with fewer than
# 200,000 acres, the proportion of the book's example.
def test_lohr_agsrs_mean_and_total_from_summary() -> None:
    # SE(ȳ) = √(1 − 300/3078) × s/√300 = 0.950018 × 344,551.9/17.32051 = 0.950018 × 19,892.71 = 18,898.43
    mean = srs_mean_from_summary(n=300, mean=297_897.05, sd=344_551.9, population_size=3078)
    assert mean.estimate == pytest.approx(297_897.05, rel=FOUR_DIGITS)
    assert mean.se == pytest.approx(18_898.43, rel=FOUR_DIGITS)
    # t̂ = 3078 × 297,897.05 = 916,927,120 (the book's 916,927,110 uses unrounded ȳ); SE = 3078 × 18,898.43
    total = srs_total_from_summary(n=300, mean=297_897.05, sd=344_551.9, population_size=3078)
    assert total.estimate == pytest.approx(916_927_110, rel=FOUR_DIGITS)
    assert total.se == pytest.approx(58_169_381, rel=FOUR_DIGITS)


def test_lohr_agsrs_proportion() -> None:
    # p̂ = 153/300 = 0.51; V̂(p̂) = (1 − 300/3078) × 0.51 × 0.49/299 = 0.9025341 × 0.000835786 = 0.000754325
    # SE = √0.000754325 = 0.027465 (the book rounds to 0.0275). The SE is derived here from the formula.
    from_summary = srs_proportion_from_summary(n=300, p=153 / 300, population_size=3078)
    from_values = srs_proportion([1] * 153 + [0] * 147, population_size=3078)
    for estimate in (from_summary, from_values):
        assert estimate.estimate == pytest.approx(0.51, rel=FOUR_DIGITS)
        assert estimate.se == pytest.approx(0.027465, rel=FOUR_DIGITS)
        # 95 % interval 0.51 ± 1.96 × 0.027465 = 0.51 ± 0.053831
        assert estimate.ci_low == pytest.approx(0.456169, rel=FOUR_DIGITS)
        assert estimate.ci_high == pytest.approx(0.563831, rel=FOUR_DIGITS)


# Scheaffer, Mendenhall, Ott & Gerow, Elementary Survey Sampling, 7th ed. (2012), ch. 5 (stratified
# random sampling), the advertising-firm example: hours of television viewing per week in the
# households of town A (N = 155), town B (N = 62) and the rural area (N = 93), samples of 20, 8 and 12.
# The data are transcribed from memory of the book; they reproduce the stratum means and variances
# the book prints (33.900, 25.125, 19.000; s² 35.358, 232.411, 87.636), ȳ_st = 27.7 and
# V̂(ȳ_st) = 1.97 with bound 2√V̂ = 2.8. I did not re-check the example number in the book.
TOWN_A = [35, 43, 36, 39, 28, 28, 29, 25, 38, 27, 26, 32, 29, 40, 35, 41, 37, 31, 45, 34]
TOWN_B = [27, 15, 4, 41, 49, 25, 10, 30]
RURAL = [8, 14, 12, 15, 30, 32, 21, 20, 34, 7, 11, 24]


def test_scheaffer_tv_viewing_stratified_mean() -> None:
    strata = [
        Stratum(name="Town A", population_size=155, values=TOWN_A),
        Stratum(name="Town B", population_size=62, values=TOWN_B),
        Stratum(name="Rural", population_size=93, values=RURAL),
    ]
    # W_h = 155/310, 62/310, 93/310 = 0.5, 0.2, 0.3; every f_h = 20/155 = 8/62 = 12/93 = 0.129032.
    # ȳ_st = 0.5 × 33.9 + 0.2 × 25.125 + 0.3 × 19 = 16.95 + 5.025 + 5.7 = 27.675
    # V̂ = Σ W_h²(1 − f_h)s_h²/n_h
    #   = 0.25 × 0.870968 × 35.35789/20 + 0.04 × 0.870968 × 232.4107/8 + 0.09 × 0.870968 × 87.63636/12
    #   = 0.384945 + 1.012111 + 0.572463 = 1.969519;  SE = 1.403396;  2·SE = 2.807 (the book: 2.8)
    estimate = stratified_mean(strata)
    assert estimate.estimate == pytest.approx(27.675, rel=FOUR_DIGITS)
    assert estimate.variance == pytest.approx(1.969519, rel=FOUR_DIGITS)
    assert estimate.se == pytest.approx(1.403396, rel=FOUR_DIGITS)
    assert estimate.design is Design.STRATIFIED
    assert estimate.n == 40
    # Design effect against the pooled sample (proportional allocation, so self-weighting):
    # pooled ȳ = (678 + 201 + 228)/40 = 27.675; pooled s² = (Σ(n_h − 1)s_h² + Σn_h(ȳ_h − 27.675)²)/39
    #   = (671.8 + 1626.875 + 964.0 + 20 × 38.750625 + 8 × 6.5025 + 12 × 75.255625)/39
    #   = (3262.675 + 775.0125 + 52.02 + 903.0675)/39 = 4992.775/39 = 128.0199
    # V_srs = (1 − 40/310) × 128.0199/40 = 0.870968 × 3.200497 = 2.787529;  deff = 1.969519/2.787529 = 0.706547
    assert estimate.deff == pytest.approx(0.706547, rel=FOUR_DIGITS)
    # The same strata from their printed summaries give the same figures.
    summaries = [
        Stratum(name="Town A", population_size=155, n=20, mean=33.9, sd=35.357895**0.5),
        Stratum(name="Town B", population_size=62, n=8, mean=25.125, sd=232.410714**0.5),
        Stratum(name="Rural", population_size=93, n=12, mean=19.0, sd=87.636364**0.5),
    ]
    assert stratified_mean(summaries).se == pytest.approx(1.403396, rel=FOUR_DIGITS)
    # The total is N = 310 times the mean.
    assert stratified_total(strata).estimate == pytest.approx(310 * 27.675, rel=FOUR_DIGITS)
    assert stratified_total(strata).se == pytest.approx(310 * 1.403396, rel=FOUR_DIGITS)


# Lohr, Sampling: Design and Analysis, ch. 5, Example 5.2 (numbered as in Lu & Lohr's R Companion to
# the 3rd ed.): GPAs of the 4 students in each of 5 suites sampled from 100 suites. The values are
# those of the `gpa` data set of SDAResources (checked against a copy of gpa.csv). Published:
# t̂ = 1130.4 with SE 65.47, ȳ = 2.826 with SE 0.1637.
GPA_SUITES = [
    [3.08, 2.60, 3.44, 3.04],
    [2.36, 3.04, 3.28, 2.68],
    [2.00, 2.56, 2.52, 1.88],
    [3.00, 2.88, 3.44, 3.64],
    [2.68, 1.92, 3.28, 3.20],
]


def test_lohr_gpa_one_stage_cluster_equal_sizes() -> None:
    clusters = [Cluster(total=sum(suite), size=4, name=f"Suite {i}") for i, suite in enumerate(GPA_SUITES, 1)]
    # tᵢ = 12.16, 11.36, 8.96, 12.96, 11.08; Σtᵢ = 56.52; t̄ = 11.304
    # s_t² = (0.856² + 0.056² + 2.344² + 1.656² + 0.224²)/4 = 9.02272/4 = 2.25568
    # t̂ = (100/5) × 56.52 = 1130.4;  SE = 100 × √((1 − 5/100) × 2.25568/5) = 100 × √0.4285792 = 65.46596
    total = cluster_total(clusters, total_clusters=100)
    assert total.estimate == pytest.approx(1130.4, rel=FOUR_DIGITS)
    assert total.se == pytest.approx(65.46596, rel=FOUR_DIGITS)
    assert (total.n, total.n_psu, total.deff) == (20, 5, None)
    # r̂ = 56.52/20 = 2.826; with equal sizes M̄ = 4 and r̂Mᵢ = 11.304 = t̄, so
    # SE = √(0.95/(5 × 16) × 9.02272/4) = √0.02678620 = 0.1636649 = 65.46596/400
    mean = cluster_ratio_mean(clusters, total_clusters=100)
    assert mean.estimate == pytest.approx(2.826, rel=FOUR_DIGITS)
    assert mean.se == pytest.approx(0.1636649, rel=FOUR_DIGITS)


# Lohr, Sampling: Design and Analysis, ch. 5, Example 5.6 (numbering of the R Companion to the 3rd
# ed.): an SRS of 12 of the 187 algebra classes of a city, every student tested. Clusters of unequal
# sizes, so the ratio estimator. The class totals tᵢ below are summed from the SDAResources `algebra`
# data (299 students); the book prints ȳ_r = 18,708/299 = 62.57 and SE 1.49.
ALGEBRA_CLASSES = [  # (class, Mᵢ, tᵢ)
    (23, 20, 1230), (37, 26, 1670), (38, 24, 1402), (39, 34, 1972), (41, 26, 1508), (44, 28, 1816),
    (46, 19, 1048), (51, 32, 2308), (58, 17, 989), (62, 21, 1398), (106, 26, 1621), (108, 26, 1746),
]  # fmt: skip


def test_lohr_algebra_one_stage_cluster_ratio() -> None:
    clusters = [Cluster(total=t, size=m, name=f"Kelas {c}") for c, m, t in ALGEBRA_CLASSES]
    # r̂ = Σtᵢ/ΣMᵢ = 18,708/299 = 62.56856;  M̄ = 299/12 = 24.91667
    # Σ(tᵢ − r̂Mᵢ)² = 194,827.04, divided by m − 1 = 11: 17,711.549
    # V̂ = (1 − 12/187)/(12 × 24.91667²) × 17,711.549 = 0.935829/7450.083 × 17,711.549
    #   = 1.256132e-4 × 17,711.549 = 2.224805;  SE = 1.491578 (the book: 1.49)
    estimate = cluster_ratio_mean(clusters, total_clusters=187)
    assert estimate.estimate == pytest.approx(62.56856, rel=FOUR_DIGITS)
    assert estimate.se == pytest.approx(1.491578, rel=FOUR_DIGITS)
    assert estimate.variance == pytest.approx(2.224805, rel=FOUR_DIGITS)
    assert (estimate.n, estimate.n_psu) == (299, 12)
    assert estimate.design is Design.CLUSTER


# An ultimate-cluster example constructed for this test (I know no published one whose data I could
# reproduce exactly): two strata, five PSUs, weights chosen so that every figure is a fraction.
# Stratum A (three PSUs, weight 10):  A1 = (2, 4), A2 = (3, 3, 6), A3 = (5)
# Stratum B (two PSUs, weight 20):    B1 = (1, 2), B2 = (4)
TWO_STAGE = [
    Psu(stratum="A", name="A1", values=[2, 4], weights=[10, 10]),
    Psu(stratum="A", name="A2", values=[3, 3, 6], weights=[10, 10, 10]),
    Psu(stratum="A", name="A3", values=[5], weights=[10]),
    Psu(stratum="B", name="B1", values=[1, 2], weights=[20, 20]),
    Psu(stratum="B", name="B2", values=[4], weights=[20]),
]


def test_constructed_ultimate_cluster_total() -> None:
    # PSU totals ŷ = Σwy: A: 60, 120, 50 (mean 230/3);  B: 60, 80 (mean 70);  Ŷ = 230 + 140 = 370
    # A: deviations −50/3, 130/3, −80/3; squares (2500 + 16,900 + 6400)/9 = 25,800/9; × 3/2 = 4300
    # B: deviations −10, 10; squares 200; × 2/1 = 400
    # V̂ = 4700;  SE = √4700 = 68.55655
    estimate = ultimate_cluster_total(TWO_STAGE)
    assert estimate.estimate == pytest.approx(370, rel=FOUR_DIGITS)
    assert estimate.variance == pytest.approx(4700, rel=FOUR_DIGITS)
    assert estimate.se == pytest.approx(68.55655, rel=FOUR_DIGITS)
    assert (estimate.n, estimate.n_psu, estimate.design) == (9, 5, Design.ULTIMATE_CLUSTER)
    # Design effect: Σw = 120, ȳ_w = 370/120 = 37/12, Σwy² = 10 × 99 + 20 × 21 = 1410,
    # Σw(y − ȳ_w)² = 1410 − 120 × (37/12)² = 1615/6; Ŝ² = 9/8 × (1615/6)/120 = 2.5234375;
    # V_srs = 120² × 2.5234375/9 = 4037.5;  deff = 4700/4037.5 = 1.164087
    assert estimate.deff == pytest.approx(4700 / 4037.5, rel=FOUR_DIGITS)


def test_constructed_ultimate_cluster_mean() -> None:
    # r̂ = 370/120 = 37/12 = 3.083333; PSU weight sums ŵ: A: 20, 30, 10; B: 40, 20
    # residual totals e = ŷ − r̂ŵ: A: −5/3, 55/2, 115/6 (mean 15); B: −190/3, 55/3 (mean −45/2)
    # A: deviations −50/3, 25/2, 25/6 → squares 16,250/36; × 3/2 = 8125/12
    # B: deviations ∓245/6 → squares 2 × 60,025/36; × 2/1 = 60,025/9
    # V̂(r̂) = (8125/12 + 60,025/9)/120² = (264,475/36)/14,400 = 10,579/20,736 = 0.5101755;  SE = 0.7142657
    estimate = ultimate_cluster_mean(TWO_STAGE)
    assert estimate.estimate == pytest.approx(37 / 12, rel=FOUR_DIGITS)
    assert estimate.variance == pytest.approx(10_579 / 20_736, rel=FOUR_DIGITS)
    assert estimate.se == pytest.approx(0.7142657, rel=FOUR_DIGITS)
    # deff = V̂/(Ŝ²/n) = 0.5101755/(2.5234375/9) = 1.819573
    assert estimate.deff == pytest.approx(1.819573, rel=FOUR_DIGITS)


# --- 2. Against an independent numpy recomputation ----------------------------------------------


def test_srs_agrees_with_numpy() -> None:
    rng = np.random.default_rng(20260501)
    y = rng.lognormal(mean=13, sigma=0.6, size=237)  # household spending in rupiah
    big_n = 5_000
    n = y.size
    fpc = 1 - n / big_n
    var_mean = fpc * y.var(ddof=1) / n
    mean = srs_mean(y.tolist(), population_size=big_n)
    assert mean.estimate == pytest.approx(y.mean(), rel=EXACT)
    assert mean.se == pytest.approx(np.sqrt(var_mean), rel=EXACT)
    total = srs_total(y.tolist(), population_size=big_n)
    assert total.estimate == pytest.approx(big_n * y.mean(), rel=EXACT)
    assert total.se == pytest.approx(big_n * np.sqrt(var_mean), rel=EXACT)
    poor = (y < np.exp(12.8)).astype(int)
    p = poor.mean()
    proportion = srs_proportion(poor.tolist(), population_size=big_n)
    assert proportion.estimate == pytest.approx(p, rel=EXACT)
    assert proportion.se == pytest.approx(np.sqrt(fpc * p * (1 - p) / (n - 1)), rel=EXACT)
    # The summary entry point gives what the values give.
    summary = srs_mean_from_summary(n=n, mean=float(y.mean()), sd=float(y.std(ddof=1)), population_size=big_n)
    assert summary.se == pytest.approx(mean.se, rel=EXACT)


def test_stratified_agrees_with_numpy() -> None:
    rng = np.random.default_rng(7)
    names = ["Kecamatan Bangil", "Kecamatan Beji", "Kecamatan Pandaan"]
    big_ns = np.array([4_210, 2_975, 6_830])
    samples = [rng.gamma(shape=k, scale=250_000, size=n) for k, n in [(4, 31), (9, 17), (2, 58)]]
    ns = np.array([s.size for s in samples])
    means = np.array([s.mean() for s in samples])
    variances = np.array([s.var(ddof=1) for s in samples])
    big_n, n = big_ns.sum(), ns.sum()
    var_total = np.sum(big_ns**2 * (1 - ns / big_ns) * variances / ns)
    pooled = np.concatenate(samples)
    var_srs_total = big_n**2 * (1 - n / big_n) * pooled.var(ddof=1) / n
    strata = [
        Stratum(name=name, population_size=int(size), values=s.tolist())
        for name, size, s in zip(names, big_ns, samples, strict=True)
    ]
    total = stratified_total(strata)
    assert total.estimate == pytest.approx(np.sum(big_ns * means), rel=EXACT)
    assert total.se == pytest.approx(np.sqrt(var_total), rel=EXACT)
    assert total.deff == pytest.approx(var_total / var_srs_total, rel=EXACT)
    mean = stratified_mean(strata)
    assert mean.estimate == pytest.approx(np.sum(big_ns * means) / big_n, rel=EXACT)
    assert mean.se == pytest.approx(np.sqrt(var_total) / big_n, rel=EXACT)
    assert mean.deff == pytest.approx(var_total / var_srs_total, rel=EXACT)

    flags = [(s > 600_000).astype(int) for s in samples]
    ps = np.array([f.mean() for f in flags])
    weights = big_ns / big_n
    var_p = np.sum(weights**2 * (1 - ns / big_ns) * ps * (1 - ps) / (ns - 1))
    pooled_p = np.concatenate(flags).mean()
    var_p_srs = (1 - n / big_n) * pooled_p * (1 - pooled_p) / (n - 1)
    from_values = stratified_proportion(
        [
            Stratum(name=name, population_size=int(size), values=f.tolist())
            for name, size, f in zip(names, big_ns, flags, strict=True)
        ]
    )
    from_summary = stratified_proportion(
        [
            Stratum(name=name, population_size=int(size), n=int(f.size), p=float(f.mean()))
            for name, size, f in zip(names, big_ns, flags, strict=True)
        ]
    )
    for estimate in (from_values, from_summary):
        assert estimate.estimate == pytest.approx(np.sum(weights * ps), rel=EXACT)
        assert estimate.se == pytest.approx(np.sqrt(var_p), rel=EXACT)
        assert estimate.deff == pytest.approx(var_p / var_p_srs, rel=EXACT)


def test_one_stage_cluster_agrees_with_numpy() -> None:
    rng = np.random.default_rng(31)
    big_m, m = 64, 9
    sizes = rng.integers(3, 40, size=m)
    totals = np.array([rng.poisson(lam=4.0, size=size).sum() for size in sizes], dtype=float)
    clusters = [Cluster(total=float(t), size=int(s)) for t, s in zip(totals, sizes, strict=True)]
    total = cluster_total(clusters, total_clusters=big_m)
    assert total.estimate == pytest.approx(big_m / m * totals.sum(), rel=EXACT)
    assert total.se == pytest.approx(np.sqrt(big_m**2 * (1 - m / big_m) * totals.var(ddof=1) / m), rel=EXACT)
    r = totals.sum() / sizes.sum()
    residuals = totals - r * sizes
    var_r = (1 - m / big_m) / (m * sizes.mean() ** 2) * np.sum(residuals**2) / (m - 1)
    mean = cluster_ratio_mean(clusters, total_clusters=big_m)
    assert mean.estimate == pytest.approx(r, rel=EXACT)
    assert mean.se == pytest.approx(np.sqrt(var_r), rel=EXACT)


def test_two_stage_ultimate_cluster_agrees_with_numpy() -> None:
    # 3 strata of villages (PSUs), households (elements) sampled within each village; the weight
    # is the product of the stage weights with a household-level nonresponse adjustment.
    rng = np.random.default_rng(2026)
    psus_per_stratum = [4, 6, 3]
    stratum_of_psu: list[int] = []
    psu_of: list[int] = []
    w_parts: list[np.ndarray] = []
    y_parts: list[np.ndarray] = []
    psus: list[Psu] = []
    for h, n_h in enumerate(psus_per_stratum):
        first_stage = rng.uniform(5, 15)
        for _ in range(n_h):
            psu_index = len(stratum_of_psu)
            m = int(rng.integers(2, 9))
            w = first_stage * rng.uniform(8, 20) * rng.uniform(0.9, 1.3, size=m)
            y = rng.gamma(shape=3 + h, scale=1_000_000, size=m) * rng.uniform(0.5, 1.5)
            stratum_of_psu.append(h)
            psu_of.extend([psu_index] * m)
            w_parts.append(w)
            y_parts.append(y)
            psus.append(Psu(stratum=f"S{h}", name=f"Desa {psu_index}", values=y.tolist(), weights=w.tolist()))
    strata_arr = np.array(stratum_of_psu)
    psu_arr = np.array(psu_of)
    w_all = np.concatenate(w_parts)
    y_all = np.concatenate(y_parts)

    psu_totals = np.bincount(psu_arr, weights=w_all * y_all)
    psu_weights = np.bincount(psu_arr, weights=w_all)

    def between(z: np.ndarray) -> float:
        v = 0.0
        for h in range(len(psus_per_stratum)):
            zh = z[strata_arr == h]
            v += zh.size / (zh.size - 1) * np.sum((zh - zh.mean()) ** 2)
        return v

    n = y_all.size
    w_sum = w_all.sum()
    y_bar = np.sum(w_all * y_all) / w_sum
    s2 = n / (n - 1) * np.sum(w_all * (y_all - y_bar) ** 2) / w_sum

    var_total = between(psu_totals)
    total = ultimate_cluster_total(psus)
    assert total.estimate == pytest.approx(np.sum(w_all * y_all), rel=EXACT)
    assert total.se == pytest.approx(np.sqrt(var_total), rel=EXACT)
    assert total.deff == pytest.approx(var_total / (w_sum**2 * s2 / n), rel=EXACT)
    assert (total.n, total.n_psu) == (n, sum(psus_per_stratum))

    var_mean = between((psu_totals - y_bar * psu_weights) / w_sum)
    mean = ultimate_cluster_mean(psus)
    assert mean.estimate == pytest.approx(y_bar, rel=EXACT)
    assert mean.se == pytest.approx(np.sqrt(var_mean), rel=EXACT)
    assert mean.deff == pytest.approx(var_mean / (s2 / n), rel=EXACT)


# --- 3. Bands, zero estimates, confidence levels, inputs ------------------------------------------


@pytest.mark.parametrize(
    ("rse", "band"),
    [
        (0.0, RseBand.RELIABLE),
        (25.0, RseBand.RELIABLE),
        (25.0001, RseBand.CAUTION),
        (50.0, RseBand.CAUTION),
        (50.01, RseBand.UNRELIABLE),
        (250.0, RseBand.UNRELIABLE),
        (None, None),
    ],
)
def test_rse_band_boundaries(rse: float | None, band: RseBand | None) -> None:
    assert rse_band(rse) is band


def test_band_labels_are_indonesian() -> None:
    assert RseBand.RELIABLE.label == "Akurat (RSE ≤ 25%)"
    assert RseBand.CAUTION.label == "Perlu kehati-hatian (25% < RSE ≤ 50%)"
    assert RseBand.UNRELIABLE.label == "Tidak akurat (RSE > 50%)"
    assert str(RseBand.CAUTION) == "caution"  # a StrEnum, storable as text
    assert Design.ULTIMATE_CLUSTER.label == "Multi-tahap (pendekatan ultimate cluster)"


def test_estimate_carries_its_band() -> None:
    # ȳ = 10, s² = 100 from (0, 10, 20), n = 3: SE = √(100/3) = 5.774, RSE 57.7 %
    assert srs_mean([0, 10, 20]).band is RseBand.UNRELIABLE
    # (8, 10, 12): s² = 4, SE = √(4/3) = 1.155, RSE 11.5 %
    assert srs_mean([8, 10, 12]).band is RseBand.RELIABLE


def test_zero_estimate_has_no_rse() -> None:
    estimate = srs_mean([-3, 3, -1, 1])
    assert estimate.estimate == 0
    assert estimate.se > 0
    assert estimate.rse_percent is None
    assert estimate.band is None
    nobody = srs_proportion([0, 0, 0, 0], population_size=100)
    assert (nobody.estimate, nobody.se, nobody.rse_percent, nobody.band) == (0, 0, None, None)
    everybody = srs_proportion([True, True, True])
    assert (everybody.estimate, everybody.se, everybody.rse_percent) == (1, 0, 0)


def test_negative_estimate_uses_its_size_for_the_rse() -> None:
    # Change in stock: ȳ = −10, s² = 4 from (−12, −10, −8), SE = √(4/3) = 1.1547, RSE 11.547 %
    estimate = srs_mean([-12, -10, -8])
    assert estimate.rse_percent == pytest.approx(11.547, rel=FOUR_DIGITS)


def test_default_interval_uses_z_1_96_and_other_levels_the_normal_quantile() -> None:
    estimate = srs_mean(PETITION_SHEETS, population_size=676)
    assert estimate.confidence == 0.95
    assert estimate.ci_high - estimate.estimate == pytest.approx(1.96 * estimate.se, rel=1e-12)
    assert estimate.margin_of_error == pytest.approx(1.96 * estimate.se, rel=1e-12)
    ninety = srs_mean(PETITION_SHEETS, population_size=676, confidence=0.90)
    z = NormalDist().inv_cdf(0.95)  # 1.644854
    assert ninety.ci_low == pytest.approx(ninety.estimate - z * ninety.se, rel=1e-12)
    assert ninety.ci_high == pytest.approx(ninety.estimate + z * ninety.se, rel=1e-12)


def test_census_has_no_sampling_error() -> None:
    estimate = srs_mean([4, 6, 8], population_size=3)
    assert (estimate.se, estimate.rse_percent, estimate.band) == (0, 0, RseBand.RELIABLE)


def test_accepts_decimals_and_generators() -> None:
    # Values from a DecimalField or a queryset iterator: (1.5, 2.5, 3.5), ȳ = 2.5, s² = 1, SE = √(1/3)
    estimate = srs_mean(x for x in [Decimal("1.5"), Decimal("2.5"), Decimal("3.5")])
    assert estimate.estimate == pytest.approx(2.5, rel=EXACT)
    assert estimate.se == pytest.approx((1 / 3) ** 0.5, rel=EXACT)


def _untyped(value: object) -> Any:
    """A wrongly typed value, as a form or a script might pass one."""
    return value


def _stratum(**overrides: Any) -> Stratum:
    fields: dict[str, Any] = {"name": "Kecamatan Bangil", "population_size": 300, "values": [1, 2, 3]}
    fields.update(overrides)
    return Stratum(**fields)


def _other_stratum() -> Stratum:
    return Stratum(name="Kecamatan Beji", population_size=200, values=[4, 5, 6])


BAD_INPUT: list[tuple[str, Callable[[], object], str]] = [
    # SRS
    ("empty sample", lambda: srs_mean([]), "Minimal 2 sampel diperlukan untuk menghitung varians; ada 0."),
    ("one value", lambda: srs_mean([5]), "Minimal 2 sampel diperlukan untuk menghitung varians; ada 1."),
    (
        "n > N",
        lambda: srs_mean([1, 2, 3], population_size=2),
        "Ukuran sampel (n = 3) melebihi ukuran populasi (N = 2).",
    ),
    ("text value", lambda: srs_mean([1, _untyped("dua"), 3]), "Nilai ke-2 bukan angka: 'dua'."),
    ("missing value", lambda: srs_mean([1, _untyped(None), 3]), "Nilai ke-2 bukan angka: None."),
    ("boolean value", lambda: srs_mean([1, True]), "Nilai ke-2 bukan angka: True."),
    ("NaN value", lambda: srs_mean([1, float("nan")]), "Nilai ke-2 harus angka terhingga; diberikan nan."),
    (
        "text instead of list",
        lambda: srs_mean(_untyped("123")),
        "Nilai sampel harus berupa daftar angka; diberikan '123'.",
    ),
    (
        "negative N",
        lambda: srs_mean([1, 2], population_size=-5),
        "Ukuran populasi (N) tidak boleh negatif; diberikan -5.",
    ),
    ("zero N", lambda: srs_mean([1, 2], population_size=0), "Ukuran populasi (N) minimal 1; diberikan 0."),
    (
        "fractional N",
        lambda: srs_mean([1, 2], population_size=_untyped(10.5)),
        "Ukuran populasi (N) harus bilangan bulat; diberikan 10.5.",
    ),
    (
        "total without N",
        lambda: srs_total([1, 2], population_size=_untyped(None)),
        "Ukuran populasi (N) bukan angka: None.",
    ),
    (
        "negative sd",
        lambda: srs_mean_from_summary(n=10, mean=5, sd=-1),
        "Simpangan baku (sd) tidak boleh negatif; diberikan -1.",
    ),
    (
        "summary n = 1",
        lambda: srs_mean_from_summary(n=1, mean=5, sd=1),
        "Minimal 2 sampel diperlukan untuk menghitung varians; ada 1.",
    ),
    (
        "p above 1",
        lambda: srs_proportion_from_summary(n=10, p=1.2),
        "Proporsi (p) harus di antara 0 dan 1; diberikan 1.2.",
    ),
    (
        "p below 0",
        lambda: srs_proportion_from_summary(n=10, p=-0.1),
        "Proporsi (p) harus di antara 0 dan 1; diberikan -0.1.",
    ),
    (
        "proportion value not 0/1",
        lambda: srs_proportion([0, 1, 2]),
        "Nilai ke-3 harus 0 atau 1 untuk proporsi; diberikan 2.",
    ),
    (
        "confidence as percent",
        lambda: srs_mean([1, 2], confidence=95),
        "Tingkat kepercayaan harus di antara 0 dan 1 (misalnya 0.95); diberikan 95.",
    ),
    # stratified
    (
        "stratum with one value",
        lambda: stratified_mean([_stratum(values=[5]), _other_stratum()]),
        "Strata 'Kecamatan Bangil': minimal 2 sampel diperlukan untuk menghitung varians; ada 1.",
    ),
    (
        "stratum summary with n = 1",
        lambda: stratified_total([_stratum(values=None, n=1, mean=5, sd=0), _other_stratum()]),
        "Strata 'Kecamatan Bangil': minimal 2 sampel diperlukan untuk menghitung varians; ada 1.",
    ),
    (
        "stratum n > N",
        lambda: stratified_mean([_stratum(population_size=2), _other_stratum()]),
        "Strata 'Kecamatan Bangil': ukuran sampel (n = 3) melebihi ukuran populasi (N = 2).",
    ),
    (
        "stratum negative N",
        lambda: stratified_mean([_stratum(population_size=-3), _other_stratum()]),
        "Strata 'Kecamatan Bangil': ukuran populasi (N) tidak boleh negatif; diberikan -3.",
    ),
    (
        "stratum text value",
        lambda: stratified_mean([_other_stratum(), _stratum(values=[1, "x", 3])]),
        "Strata 'Kecamatan Bangil': nilai ke-2 bukan angka: 'x'.",
    ),
    (
        "stratum values and summary",
        lambda: stratified_mean([_stratum(n=3, mean=2, sd=1), _other_stratum()]),
        "Strata 'Kecamatan Bangil': isi nilai sampel (values) atau ringkasannya, bukan keduanya.",
    ),
    (
        "stratum without data",
        lambda: stratified_mean([_stratum(values=None), _other_stratum()]),
        "Strata 'Kecamatan Bangil': isi nilai sampel (values) atau ringkasan n, mean dan sd.",
    ),
    (
        "stratum p for a mean",
        lambda: stratified_mean([_stratum(values=None, n=3, p=0.5), _other_stratum()]),
        "Strata 'Kecamatan Bangil': p hanya untuk proporsi; untuk rata-rata dan total isi n, mean dan sd.",
    ),
    (
        "stratum mean for a proportion",
        lambda: stratified_proportion([_stratum(values=None, n=3, mean=0.5, sd=0.1)]),
        "Strata 'Kecamatan Bangil': untuk proporsi isi n dan p, bukan mean dan sd.",
    ),
    (
        "stratum p above 1",
        lambda: stratified_proportion([_stratum(values=None, n=10, p=1.5)]),
        "Strata 'Kecamatan Bangil': proporsi (p) harus di antara 0 dan 1; diberikan 1.5.",
    ),
    (
        "stratum proportion value not 0/1",
        lambda: stratified_proportion([_stratum(values=[0, 1, 3])]),
        "Strata 'Kecamatan Bangil': nilai ke-3 harus 0 atau 1 untuk proporsi; diberikan 3.",
    ),
    (
        "stratum named twice",
        lambda: stratified_mean([_stratum(), _stratum()]),
        "Strata 'Kecamatan Bangil': nama strata dipakai lebih dari sekali.",
    ),
    ("no strata", lambda: stratified_mean([]), "Tidak ada strata."),
    # one-stage cluster
    (
        "one cluster",
        lambda: cluster_total([Cluster(total=10, size=3)], total_clusters=20),
        "Minimal 2 klaster diperlukan untuk menghitung varians; ada 1.",
    ),
    (
        "m > M",
        lambda: cluster_total([Cluster(total=t, size=3) for t in (1, 2, 3)], total_clusters=2),
        "Jumlah klaster sampel (m = 3) melebihi jumlah klaster populasi (M = 2).",
    ),
    (
        "negative cluster size",
        lambda: cluster_ratio_mean(
            [Cluster(total=10, size=3), Cluster(total=12, size=-4, name="Desa Kalirejo")], total_clusters=20
        ),
        "Klaster 'Desa Kalirejo': ukuran klaster (Mᵢ) tidak boleh negatif; diberikan -4.",
    ),
    (
        "cluster total as text",
        lambda: cluster_total([Cluster(total=10, size=3), Cluster(total=_untyped("12"), size=4)], total_clusters=20),
        "Klaster ke-2: total klaster (tᵢ) bukan angka: '12'.",
    ),
    (
        "empty cluster with a total",
        lambda: cluster_total([Cluster(total=10, size=3), Cluster(total=5, size=0)], total_clusters=20),
        "Klaster ke-2: klaster tanpa elemen (Mᵢ = 0) harus bertotal 0; diberikan 5.",
    ),
    (
        "all clusters empty",
        lambda: cluster_ratio_mean([Cluster(total=0, size=0), Cluster(total=0, size=0)], total_clusters=20),
        "Semua klaster berukuran 0; rata-rata per elemen tidak dapat dihitung.",
    ),
    # multi-stage
    (
        "stratum with one PSU",
        lambda: ultimate_cluster_total([*TWO_STAGE, Psu(stratum="Bangil", values=[1], weights=[5])]),
        "Strata 'Bangil': minimal 2 PSU diperlukan untuk menghitung varians; ada 1.",
    ),
    (
        "single unstratified PSU",
        lambda: ultimate_cluster_mean([Psu(values=[1, 2], weights=[5, 5])]),
        "Minimal 2 PSU diperlukan untuk menghitung varians; ada 1.",
    ),
    (
        "negative weight",
        lambda: ultimate_cluster_total(
            [Psu(stratum="Bangil", name="Desa Kalirejo", values=[1, 2], weights=[5, -1]), *TWO_STAGE]
        ),
        "PSU 'Desa Kalirejo' (strata 'Bangil'): bobot ke-2 tidak boleh negatif; diberikan -1.",
    ),
    (
        "values and weights of different lengths",
        lambda: ultimate_cluster_total([Psu(stratum="Bangil", values=[1, 2], weights=[5]), *TWO_STAGE]),
        "PSU ke-1 (strata 'Bangil'): jumlah nilai (2) tidak sama dengan jumlah bobot (1).",
    ),
    (
        "PSU without values",
        lambda: ultimate_cluster_total([Psu(values=[], weights=[]), Psu(values=[1], weights=[1])]),
        "PSU ke-1: tidak ada nilai.",
    ),
    (
        "PSU value as text",
        lambda: ultimate_cluster_total(
            [Psu(values=[1, _untyped("n/a")], weights=[1, 1]), Psu(values=[1], weights=[1])]
        ),
        "PSU ke-1: nilai ke-2 bukan angka: 'n/a'.",
    ),
    (
        "all weights zero",
        lambda: ultimate_cluster_mean([Psu(values=[1], weights=[0]), Psu(values=[2], weights=[0])]),
        "Jumlah seluruh bobot nol; tidak ada yang dapat diperkirakan.",
    ),
    ("no PSU", lambda: ultimate_cluster_total([]), "Tidak ada PSU."),
    # bands and text
    ("negative RSE", lambda: rse_band(-1), "RSE tidak boleh negatif; diberikan -1."),
    (
        "blank variable name",
        lambda: ms_keg_5_6_text(srs_mean([1, 2]), variable_name="  "),
        "Nama variabel tidak boleh kosong.",
    ),
    (
        "negative decimals",
        lambda: ms_keg_5_6_text(srs_mean([1, 2]), variable_name="X", decimals=-1),
        "Jumlah desimal harus bilangan bulat ≥ 0; diberikan -1.",
    ),
]


@pytest.mark.parametrize(("call", "message"), [case[1:] for case in BAD_INPUT], ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_in_indonesian(call: Callable[[], object], message: str) -> None:
    with pytest.raises(SamplingInputError) as excinfo:
        call()
    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)  # forms and views can catch ValueError


# --- 4. The MS-Keg 5.6 text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1_234_567.891, 2, "1.234.567,89"),
        (12_345.6, 1, "12.345,6"),
        (-1_234.5, 1, "-1.234,5"),
        (0.027465, 4, "0,0275"),
        (-0.004, 2, "0,00"),
        (999.5, 0, "1.000"),
        (0, 0, "0"),
    ],
)
def test_indonesian_number_format(value: float, decimals: int, text: str) -> None:
    assert format_number_id(value, decimals=decimals) == text


def _made(**overrides: Any) -> Estimate:
    fields: dict[str, Any] = {
        "estimate": 305_000.0,
        "se": 12_345.6,
        "rse_percent": 4.2125,
        "ci_low": 280_802.4,
        "ci_high": 329_197.6,
        "confidence": 0.95,
        "n": 400,
        "n_psu": None,
        "design": Design.SRS,
        "deff": 1.0,
        "band": RseBand.RELIABLE,
    }
    fields.update(overrides)
    return Estimate(**fields)


def test_ms_keg_text_shows_se_to_three_significant_digits() -> None:
    assert (
        ms_keg_5_6_text(_made(), variable_name="Rata-rata pengeluaran")
        == "Rata-rata pengeluaran: RSE 4,21% (SE 12.346; SK 95%: 280.802–329.198)"
    )
    assert (
        ms_keg_5_6_text(_made(), variable_name=" Rata-rata pengeluaran ", decimals=1)
        == "Rata-rata pengeluaran: RSE 4,21% (SE 12.345,6; SK 95%: 280.802,4–329.197,6)"
    )


def test_ms_keg_text_for_a_proportion_and_other_levels() -> None:
    # Lohr's agsrs proportion above: SE 0.027465 → four decimals; 0.51 ± 0.053831
    estimate = srs_proportion_from_summary(n=300, p=0.51, population_size=3078)
    assert (
        ms_keg_5_6_text(estimate, variable_name="Proporsi kabupaten < 200.000 acre")
        == "Proporsi kabupaten < 200.000 acre: RSE 5,39% (SE 0,0275; SK 95%: 0,4562–0,5638)"
    )
    assert "SK 99,5%:" in ms_keg_5_6_text(_made(confidence=0.995), variable_name="X")
    assert "SK 90%:" in ms_keg_5_6_text(_made(confidence=0.9), variable_name="X")


def test_ms_keg_text_when_the_estimate_is_zero() -> None:
    text = ms_keg_5_6_text(srs_mean([-3, 3, -1, 1]), variable_name="Perubahan stok")
    # SE = √(20/3/4) = 1.290994; the interval is 0 ± 2.530349
    assert text == "Perubahan stok: RSE tidak terdefinisi (estimasi = 0) (SE 1,29; SK 95%: -2,53–2,53)"
