"""ISO 3166-1 country codes: alpha-2 (what providers report) to alpha-3 (what map figures key on), with names."""

from __future__ import annotations

# alpha-2 alpha-3 name, one country a line
_TABLE = """
AE ARE United Arab Emirates|AF AFG Afghanistan|AL ALB Albania|AM ARM Armenia|AO AGO Angola|AR ARG Argentina|AT AUT Austria
AU AUS Australia|AZ AZE Azerbaijan|BA BIH Bosnia and Herzegovina|BD BGD Bangladesh|BE BEL Belgium|BG BGR Bulgaria|BH BHR Bahrain
BO BOL Bolivia|BR BRA Brazil|BY BLR Belarus|CA CAN Canada|CH CHE Switzerland|CL CHL Chile|CN CHN China|CO COL Colombia
CR CRI Costa Rica|CY CYP Cyprus|CZ CZE Czechia|DE DEU Germany|DK DNK Denmark|DO DOM Dominican Republic|DZ DZA Algeria
EC ECU Ecuador|EE EST Estonia|EG EGY Egypt|ES ESP Spain|ET ETH Ethiopia|FI FIN Finland|FR FRA France|GB GBR United Kingdom
GE GEO Georgia|GH GHA Ghana|GR GRC Greece|GT GTM Guatemala|HK HKG Hong Kong|HR HRV Croatia|HU HUN Hungary|ID IDN Indonesia
IE IRL Ireland|IL ISR Israel|IN IND India|IQ IRQ Iraq|IR IRN Iran|IS ISL Iceland|IT ITA Italy|JO JOR Jordan|JP JPN Japan
KE KEN Kenya|KG KGZ Kyrgyzstan|KH KHM Cambodia|KR KOR South Korea|KW KWT Kuwait|KZ KAZ Kazakhstan|LB LBN Lebanon|LK LKA Sri Lanka
LT LTU Lithuania|LU LUX Luxembourg|LV LVA Latvia|MA MAR Morocco|MD MDA Moldova|ME MNE Montenegro|MK MKD North Macedonia
MN MNG Mongolia|MT MLT Malta|MU MUS Mauritius|MX MEX Mexico|MY MYS Malaysia|NG NGA Nigeria|NL NLD Netherlands|NO NOR Norway
NP NPL Nepal|NZ NZL New Zealand|OM OMN Oman|PA PAN Panama|PE PER Peru|PH PHL Philippines|PK PAK Pakistan|PL POL Poland
PR PRI Puerto Rico|PT PRT Portugal|PY PRY Paraguay|QA QAT Qatar|RO ROU Romania|RS SRB Serbia|RU RUS Russia|SA SAU Saudi Arabia
SE SWE Sweden|SG SGP Singapore|SI SVN Slovenia|SK SVK Slovakia|TH THA Thailand|TN TUN Tunisia|TR TUR Turkey|TW TWN Taiwan
TZ TZA Tanzania|UA UKR Ukraine|UG UGA Uganda|US USA United States|UY URY Uruguay|UZ UZB Uzbekistan|VE VEN Venezuela
VN VNM Vietnam|ZA ZAF South Africa|ZM ZMB Zambia|ZW ZWE Zimbabwe
"""

ALPHA3: dict[str, str] = {}
NAMES: dict[str, str] = {}
for _entry in _TABLE.replace("\n", "|").split("|"):
    if _entry.strip():
        _a2, _a3, _name = _entry.strip().split(" ", 2)
        ALPHA3[_a2], NAMES[_a2] = _a3, _name


def alpha3(code: str | None) -> str | None:
    """'DE' -> 'DEU'; None for a code outside the table (the caller keeps it out of the map and says so)."""
    return ALPHA3.get((code or "").strip().upper()) or None


def country_name(code: str | None) -> str:
    key = (code or "").strip().upper()
    return NAMES.get(key, key)
