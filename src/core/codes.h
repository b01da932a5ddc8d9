// Shape checks for the codes of the data contract (docs/data-formats.md): countries, currencies, HS codes,
// UN/LOCODEs, container numbers, identifiers and free text. Each returns an empty string when the value is
// valid, or a short reason a data clerk can act on.
#pragma once

#include <string>
#include <string_view>

namespace aduana {

// ISO 3166-1 alpha-2, plus "ZZ" (unknown).
bool IsCountryCode(std::string_view code);
// ISO 4217 alphabetic.
bool IsCurrencyCode(std::string_view code);

// Each returns "" when valid, else why not.
std::string CheckHsCode(std::string_view code, size_t min_digits = 6);
std::string CheckUnLocode(std::string_view code);
std::string CheckIdentifier(std::string_view id);
std::string CheckText(std::string_view text, size_t max_bytes = 1024);
std::string CheckContainerNumber(std::string_view number);  // ISO 6346, with check digit

bool IsIncoterm(std::string_view term);
bool IsQuantityUnit(std::string_view unit);
bool IsTransportMode(int code);
bool IsValidUtf8(std::string_view bytes);

// Incoterms under which the invoice price already includes freight and insurance to the place of entry.
bool IncotermIncludesFreight(std::string_view term);

}  // namespace aduana
