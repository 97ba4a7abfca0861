"""Region names from every provider map to one macro-region; requests expand by prefix."""

import pytest

from computescope.core.catalog.regions import MACRO_REGIONS, canonical_region, expand_regions


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("us-east-1", "us-east"), ("us-west-2", "us-west"), ("us-central1", "us-central"), ("us-east4", "us-east"),
        ("europe-west4", "eu-west"), ("europe-west2", "uk"), ("eu-west-2", "uk"), ("eu-central-1", "eu-central"),
        ("asia-northeast1", "ap-northeast"), ("ap-south-1", "ap-south"), ("ap-southeast-2", "au"),
        ("eastus", "us-east"), ("eastus2", "us-east"), ("southcentralus", "us-central"), ("westus3", "us-west"),
        ("westeurope", "eu-west"), ("northeurope", "eu-west"), ("japaneast", "ap-northeast"), ("australiaeast", "au"),
        ("Florida, US, NA", "us-east"), ("Texas, US, NA", "us-central"), (", US, NA", "us"), ("Bavaria, DE, EU", "eu-central"),
        ("US-TX-3", "us-central"), ("EU-RO-1", "eu-central"), ("US", "us"), ("IS", "eu-north"), ("us-east", "us-east"),
        ("FINLAND", "eu-north"), ("Vietnam, VN, AS", "ap-southeast"), ("", ""), ("mars-1", ""),
        ("culpeper-usa-1", "us-east"), ("chicago-usa-2", "us-central"), ("warsaw-poland-1", "eu-central"),
        ("saltlakecity-usa-1", "us-west"), ("calgary-canada-1", "ca"), ("london-uk-1", "uk"), ("boise-usa-1", "us"),
        ("atlantis-moon-1", ""), ("California", "us-west"), ("Hesse", "eu-central"), ("Mazowieckie", "eu-central"),
        ("Ontario", "ca"), ("Texas", "us-central"),
    ],
)
def test_canonical_region(raw: str, expected: str) -> None:
    assert canonical_region(raw) == expected
    assert expected == "" or expected in MACRO_REGIONS


def test_expand_regions() -> None:
    assert expand_regions(["us-east", "eu-west"]) == ("us-east", "us", "eu-west")
    assert set(expand_regions(["eu"])) == {"eu-west", "eu-central", "eu-north", "eu-south"}
    with pytest.raises(ValueError, match="unknown region 'moon'"):
        expand_regions(["moon"])
