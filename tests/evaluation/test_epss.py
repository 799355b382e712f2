"""The IPS arithmetic against examples computed by hand from the weights of domain-reference §4.2."""

from decimal import Decimal

import pytest

from satudata.evaluation import epss
from satudata.evaluation.epss import Predicate

WEIGHTS = epss.flat_weights(epss.DEFAULT_STRUCTURE)
CODES = sorted(WEIGHTS)


def levels(default: int, **overrides: int) -> dict[str, int]:
    result = dict.fromkeys(CODES, default)
    for key, value in overrides.items():
        result[key.removeprefix("i")] = value
    return result


def ips(values: dict[str, int]) -> Decimal:
    return epss.round_ips(epss.compute_ips(WEIGHTS, values))


def test_structure_has_5_domains_19_aspects_38_indicators() -> None:
    structure = epss.DEFAULT_STRUCTURE
    assert len(structure) == 5
    assert sum(len(d.aspects) for d in structure) == 19
    assert len(WEIGHTS) == 38
    assert [d.weight for d in structure] == [28, 24, 19, 17, 12]
    # Domain 3 follows the three agreeing sources, not the "EPSS 2026" file (43/19/19/19).
    assert [a.weight for a in structure[2].aspects] == [32, 26, 21, 21]
    for domain in structure:
        assert sum(a.weight for a in domain.aspects) == 100
        for aspect in domain.aspects:
            assert sum(i.weight for i in aspect.indicators) == 100
            for indicator in aspect.indicators:
                assert indicator.code.startswith(aspect.code)
                assert len(indicator.criteria) == 5


def test_effective_weights_match_the_reference_table() -> None:
    # "Bobot efektif thd IPS" column of domain-reference §4.2, in percent.
    table = {
        "10101": "7.000", "20101": "3.024", "20102": "2.016", "20201": "3.840", "20302": "2.520",
        "20401": "1.714", "20402": "1.663", "30101": "2.006", "30103": "2.067", "30201": "4.940",
        "30301": "1.995", "30401": "3.990", "40101": "1.488", "40201": "2.550", "50101": "1.387",
        "50102": "1.346", "50201": "3.960", "50301": "1.307", "50303": "1.346",
    }  # fmt: skip
    for code, percent in table.items():
        assert (WEIGHTS[code] * 100).quantize(Decimal("0.001")) == Decimal(percent), code
    assert sum(WEIGHTS.values()) == 1


@pytest.mark.parametrize(
    ("values", "expected", "name"),
    [
        (levels(1), "1.00", Predicate.KURANG),
        (levels(3), "3.00", Predicate.BAIK),
        (levels(5), "5.00", Predicate.MEMUASKAN),
        # Domain 1 (28 %) at level 4, the rest at 2: 0.28 × 4 + 0.72 × 2 = 2.56.
        (levels(2, i10101=4, i10201=4, i10301=4, i10401=4), "2.56", Predicate.CUKUP),
        # …and 20302 (24 % × 21 % × 50 % = 2.52 %) raised from 2 to 5: 2.56 + 0.0252 × 3 = 2.6356.
        (levels(2, i10101=4, i10201=4, i10301=4, i10401=4, i20302=5), "2.64", Predicate.BAIK),
        # All 4 except 50303 (12 % × 33 % × 34 % = 1.3464 %) at 1: 4 − 0.013464 × 3 = 3.959608.
        (levels(4, i50303=1), "3.96", Predicate.SANGAT_BAIK),
    ],
)
def test_ips_and_predicate_by_hand(values: dict[str, int], expected: str, name: Predicate) -> None:
    assert ips(values) == Decimal(expected)
    assert epss.predicate(ips(values)) == name


def test_band_edges() -> None:
    # Domains 1 and 2 at level 2, domain 5 at 3, the rest at 1: 1 + 0.28 + 0.24 + 0.24 = 1.76.
    base = dict.fromkeys(CODES, 1)
    for code in CODES:
        if code[0] in "12":
            base[code] = 2
        if code[0] == "5":
            base[code] = 3
    assert ips(base) == Decimal("1.76")
    # + 20302 one level (0.0252) = 1.7852 → 1.79 Kurang; + 40101 one level (17 % × 35 % × 25 % =
    # 0.014875) = 1.800075 → 1.80 Cukup: the lower bound belongs to the higher predicate.
    assert ips({**base, "20302": 3}) == Decimal("1.79")
    assert epss.predicate(ips({**base, "20302": 3})) == Predicate.KURANG
    assert ips({**base, "20302": 3, "40101": 2}) == Decimal("1.80")
    assert epss.predicate(ips({**base, "20302": 3, "40101": 2})) == Predicate.CUKUP
    for bound, name in [("2.6", Predicate.BAIK), ("3.5", Predicate.SANGAT_BAIK), ("4.2", Predicate.MEMUASKAN)]:
        assert epss.predicate(Decimal(bound)) == name
        assert epss.predicate(Decimal(bound) - Decimal("0.01")) != name


def test_rounding_is_half_up_on_the_reported_ips() -> None:
    assert epss.round_ips(Decimal("1.795")) == Decimal("1.80")
    assert epss.round_ips(Decimal("2.594999")) == Decimal("2.59")


def test_missing_and_bad_levels() -> None:
    partial = levels(3)
    del partial["20302"], partial["10101"]
    with pytest.raises(epss.MissingLevels) as exc:
        epss.compute_ips(WEIGHTS, partial)
    assert exc.value.codes == ["10101", "20302"]
    with pytest.raises(ValueError, match="20302"):
        epss.compute_ips(WEIGHTS, levels(3, i20302=6))


def test_gains_rank_by_effective_weight() -> None:
    values = levels(3, i10101=5)
    gains = epss.gains(WEIGHTS, values)
    assert "10101" not in [g.code for g in gains]  # already at level 5
    # 7 % each: the other three indicators of domain 1 come first, in code order.
    assert [g.code for g in gains[:4]] == ["10201", "10301", "10401", "30201"]
    assert gains[0].per_level == Decimal("0.07")
    assert gains[0].to_optimum == Decimal("0.14")


def test_cheapest_path_reaches_the_next_band() -> None:
    values = levels(2, i10101=4, i10201=4, i10301=4, i10401=4)  # 2.56, Cukup
    assert epss.next_band(Decimal("2.56")) == (Decimal("2.6"), Predicate.BAIK)
    path = epss.cheapest_path(WEIGHTS, values, Decimal("2.6"))
    # One step of the heaviest indicator not at 5 (a 7 % one, 10101 first by code) gives 2.63.
    assert [g.code for g in path] == ["10101"]
    assert epss.next_band(Decimal("4.5")) is None
