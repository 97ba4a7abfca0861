"""Canonical macro-regions (us-east, eu-west, ap-northeast, ...) from every provider's way of naming a place."""

from __future__ import annotations

import re

MACRO_REGIONS = (
    "us", "us-east", "us-central", "us-west", "ca", "sa", "eu-west", "eu-central", "eu-north", "eu-south",
    "uk", "me", "af", "ap-south", "ap-southeast", "ap-northeast", "ap-east", "au",
)

# US states by the macro-region their data centres are usually sold as
_US_STATES: dict[str, tuple[str, ...]] = {
    "us-east": ("virginia", "ohio", "georgia", "florida", "new york", "new jersey", "north carolina", "south carolina",
                "pennsylvania", "massachusetts", "maryland", "delaware", "connecticut", "maine", "vermont", "new hampshire",
                "rhode island", "west virginia", "kentucky", "tennessee", "michigan", "indiana", "district of columbia"),
    "us-central": ("texas", "illinois", "iowa", "missouri", "kansas", "nebraska", "oklahoma", "minnesota", "wisconsin",
                   "arkansas", "louisiana", "mississippi", "alabama", "north dakota", "south dakota"),
    "us-west": ("california", "oregon", "washington", "nevada", "arizona", "utah", "colorado", "idaho", "montana", "wyoming",
                "new mexico", "alaska", "hawaii"),
}
STATE_REGION = {state: region for region, states in _US_STATES.items() for state in states}

COUNTRY_REGION = {
    "us": "us", "ca": "ca", "mx": "sa", "br": "sa", "ar": "sa", "cl": "sa", "co": "sa",
    "gb": "uk", "uk": "uk", "ie": "eu-west", "fr": "eu-west", "nl": "eu-west", "be": "eu-west", "es": "eu-south", "pt": "eu-south",
    "it": "eu-south", "de": "eu-central", "ch": "eu-central", "at": "eu-central", "pl": "eu-central", "cz": "eu-central",
    "se": "eu-north", "no": "eu-north", "fi": "eu-north", "dk": "eu-north", "is": "eu-north", "ee": "eu-north", "lt": "eu-north",
    "lv": "eu-north", "ro": "eu-central", "bg": "eu-central", "hu": "eu-central", "ua": "eu-central", "gr": "eu-south",
    "in": "ap-south", "sg": "ap-southeast", "my": "ap-southeast", "id": "ap-southeast", "th": "ap-southeast", "vn": "ap-southeast",
    "ph": "ap-southeast", "jp": "ap-northeast", "kr": "ap-northeast", "tw": "ap-east", "hk": "ap-east", "cn": "ap-east",
    "au": "au", "nz": "au", "ae": "me", "il": "me", "sa": "me", "qa": "me", "za": "af", "ng": "af", "ke": "af", "eg": "af",
}

COUNTRY_NAMES = {
    "united states": "us", "usa": "us", "canada": "ca", "brazil": "br", "mexico": "mx", "united kingdom": "gb", "ireland": "ie",
    "france": "fr", "netherlands": "nl", "belgium": "be", "spain": "es", "portugal": "pt", "italy": "it", "germany": "de",
    "switzerland": "ch", "austria": "at", "poland": "pl", "czechia": "cz", "sweden": "se", "norway": "no", "finland": "fi",
    "denmark": "dk", "iceland": "is", "estonia": "ee", "romania": "ro", "bulgaria": "bg", "hungary": "hu", "ukraine": "ua",
    "greece": "gr", "india": "in", "singapore": "sg", "malaysia": "my", "indonesia": "id", "thailand": "th", "vietnam": "vn",
    "japan": "jp", "south korea": "kr", "korea": "kr", "taiwan": "tw", "hong kong": "hk", "china": "cn", "australia": "au",
    "new zealand": "nz", "united arab emirates": "ae", "israel": "il", "south africa": "za",
}

# cities in provider region ids such as Shadeform's culpeper-usa-1, by the US macro-region their data centres are sold as
_US_CITIES = {
    "culpeper": "us-east", "ashburn": "us-east", "reston": "us-east", "newyork": "us-east", "newark": "us-east", "atlanta": "us-east",
    "miami": "us-east", "boston": "us-east", "columbus": "us-east", "pittsburgh": "us-east", "philadelphia": "us-east",
    "charlotte": "us-east", "chicago": "us-central", "dallas": "us-central", "houston": "us-central", "austin": "us-central",
    "kansascity": "us-central", "omaha": "us-central", "desmoines": "us-central", "minneapolis": "us-central", "stlouis": "us-central",
    "saltlakecity": "us-west", "seattle": "us-west", "portland": "us-west", "losangeles": "us-west", "sanjose": "us-west",
    "sanfrancisco": "us-west", "santaclara": "us-west", "phoenix": "us-west", "lasvegas": "us-west", "denver": "us-west",
    "hillsboro": "us-west", "reno": "us-west",
}
# states and provinces outside the US that providers give as their region (Akash's ipRegion: Hesse, Mazowieckie, Ontario)
_PROVINCES = {
    **dict.fromkeys(("ontario", "quebec", "british columbia", "alberta", "manitoba", "nova scotia", "saskatchewan"), "ca"),
    **dict.fromkeys(("hesse", "hessen", "bavaria", "bayern", "berlin", "north rhine-westphalia", "nordrhein-westfalen", "saxony",
                     "baden-wurttemberg", "baden-württemberg", "brandenburg", "lower saxony", "hamburg"), "eu-central"),
    **dict.fromkeys(("mazowieckie", "masovia", "malopolskie", "dolnoslaskie", "wielkopolskie", "pomorskie", "slaskie"), "eu-central"),
    **dict.fromkeys(("north holland", "noord-holland", "south holland", "zuid-holland", "ile-de-france", "île-de-france", "leinster"), "eu-west"),
    **dict.fromkeys(("england", "scotland", "wales"), "uk"),
}
_COUNTRY_WORDS = {**{name.replace(" ", ""): code for name, code in COUNTRY_NAMES.items()}, "uk": "gb", "uae": "ae", "us": "us"}

_CLOUD_PATTERNS: tuple[tuple[str, str], ...] = (
    # AWS us-east-1, GCP us-east4 / europe-west4 / asia-northeast1, Akash-style us-east
    (r"^us-?east", "us-east"), (r"^us-?central|^us-?south|^northamerica-south", "us-central"), (r"^us-?west", "us-west"),
    (r"^(ca|northamerica)-", "ca"), (r"^(sa|southamerica)-", "sa"),
    (r"^(eu|europe)-?west-?2\b|^europe-west2|^uk", "uk"),
    (r"^(eu|europe)-?west|^eu-west", "eu-west"), (r"^(eu|europe)-?central", "eu-central"),
    (r"^(eu|europe)-?north", "eu-north"), (r"^(eu|europe)-?south", "eu-south"),
    (r"^me-|^me-central|^me-west", "me"), (r"^af-", "af"),
    (r"^(ap|asia)-?south(?!east)", "ap-south"), (r"^(ap|asia)-?southeast-?2|^australia", "au"),
    (r"^(ap|asia)-?southeast", "ap-southeast"), (r"^(ap|asia)-?northeast", "ap-northeast"), (r"^(ap|asia)-?east", "ap-east"),
    # Azure eastus, westeurope, southeastasia, ...
    (r"^(east|eastus)", "us-east"), (r"^(centralus|northcentralus|southcentralus|westcentralus)", "us-central"), (r"^westus", "us-west"),
    (r"^(westeurope|francecentral|francesouth)", "eu-west"), (r"^(northeurope)", "eu-west"), (r"^(germany|switzerland|poland)", "eu-central"),
    (r"^(sweden|norway)", "eu-north"), (r"^(uksouth|ukwest)", "uk"), (r"^(italy|spain)", "eu-south"), (r"^(southeastasia)", "ap-southeast"),
    (r"^(eastasia)", "ap-east"), (r"^(japan|korea)", "ap-northeast"), (r"^(centralindia|southindia|westindia)", "ap-south"),
    (r"^(australia)", "au"), (r"^(brazil)", "sa"), (r"^(canada)", "ca"), (r"^(uae|qatar|israel)", "me"), (r"^(southafrica)", "af"),
)


def canonical_region(text: str | None) -> str:
    """'us-east-1', 'eastus', 'Florida, US, NA', 'US-TX-3', 'DE' -> a macro-region; '' when nothing is known."""
    if not text:
        return ""
    raw = text.strip().lower()
    if raw in MACRO_REGIONS:
        return raw
    if "," in raw:  # free text "State, CC, Continent"
        parts = [p.strip() for p in raw.split(",")]
        if len(parts) >= 2 and parts[1] == "us" and parts[0] in STATE_REGION:
            return STATE_REGION[parts[0]]
        for part in parts[1:2]:
            if part in COUNTRY_REGION:
                return COUNTRY_REGION[part]
    match = re.fullmatch(r"([a-z]{2})-([a-z]{2})-\d+", raw)  # RunPod data centre ids: US-TX-3, EU-RO-1
    if match:
        country, state = match.groups()
        if country == "us":
            return {"tx": "us-central", "il": "us-central", "ks": "us-central", "ca": "us-west", "or": "us-west", "wa": "us-west",
                    "ga": "us-east", "va": "us-east", "nc": "us-east", "nj": "us-east", "ny": "us-east", "de": "us-east"}.get(state, "us")
        return COUNTRY_REGION.get(state, COUNTRY_REGION.get(country, ""))
    match = re.fullmatch(r"([a-z]{3,})-([a-z]{2,})-\d+", raw)  # city-country-N: culpeper-usa-1, warsaw-poland-1
    if match and match.group(2) in _COUNTRY_WORDS:
        city, code = match.group(1), _COUNTRY_WORDS[match.group(2)]
        return _US_CITIES.get(city, "us") if code == "us" else COUNTRY_REGION.get(code, "")
    for pattern, region in _CLOUD_PATTERNS:
        if re.search(pattern, raw):
            return region
    if raw in STATE_REGION or raw in _PROVINCES:  # a bare state or province: California, Hesse, Ontario
        return STATE_REGION.get(raw) or _PROVINCES[raw]
    return COUNTRY_REGION.get(COUNTRY_NAMES.get(raw, raw), "")


def expand_regions(requested: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A request for 'us' or 'eu' covers every macro-region under it; 'us-east' covers only itself (and plain 'us')."""
    out: list[str] = []
    for item in requested:
        key = item.strip().lower()
        if not key:
            continue
        matches = [r for r in MACRO_REGIONS if r == key or r.startswith(key + "-")]
        if not matches:
            raise ValueError(f"unknown region {item!r}; use one of {', '.join(MACRO_REGIONS)} or a prefix such as us, eu, ap")
        out.extend(matches)
        if key.startswith("us-"):
            out.append("us")  # offers known only to be in the US may be anywhere there
    return tuple(dict.fromkeys(out))
