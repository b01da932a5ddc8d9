#include "core/codes.h"

#include <algorithm>
#include <array>

namespace aduana {
namespace {

// ISO 3166-1 alpha-2 officially assigned codes (249), plus ZZ.
constexpr std::string_view kCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW "
    "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ "
    "FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ "
    "IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH "
    "MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL "
    "PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD "
    "TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW ZZ";

// ISO 4217 active alphabetic codes.
constexpr std::string_view kCurrencies =
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD "
    "CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
    "GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD "
    "KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR "
    "NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN "
    "SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG "
    "XAU XCD XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWL";

constexpr std::array<std::string_view, 12> kIncoterms = {"EXW", "FCA", "FAS", "FOB", "CFR", "CIF",
                                                         "CPT", "CIP", "DAT", "DAP", "DPU", "DDP"};
constexpr std::array<std::string_view, 11> kUnits = {"KGM", "C62", "NAR", "LTR", "MTR", "MTK",
                                                     "MTQ", "PR",  "DZN", "SET", "TNE"};

// Looks up a fixed-width code in a space-separated sorted list.
bool InCodeList(std::string_view list, std::string_view code, size_t width) {
  if (code.size() != width) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  size_t stride = width + 1;
  size_t lo = 0;
  size_t hi = (list.size() + 1) / stride;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int cmp = list.substr(mid * stride, width).compare(code);
    if (cmp == 0) return true;
    if (cmp < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

bool IsCountryCode(std::string_view code) { return InCodeList(kCountries, code, 2); }
bool IsCurrencyCode(std::string_view code) { return InCodeList(kCurrencies, code, 3); }

std::string CheckHsCode(std::string_view code, size_t min_digits) {
  if (code.size() < min_digits || code.size() > 10) {
    return "HS code must have " + std::to_string(min_digits) + " to 10 digits, has " + std::to_string(code.size());
  }
  if (!std::all_of(code.begin(), code.end(), IsDigit)) return "HS code must be digits only";
  int chapter = (code[0] - '0') * 10 + (code[1] - '0');
  if (chapter == 0 || chapter == 77 || chapter > 97) {
    return "HS chapter " + std::string(code.substr(0, 2)) + " does not exist";
  }
  return "";
}

std::string CheckUnLocode(std::string_view code) {
  if (code.size() != 5) return "UN/LOCODE must have 5 characters";
  if (!IsCountryCode(code.substr(0, 2))) return "UN/LOCODE starts with an unknown country code";
  for (char c : code.substr(2)) {
    if (!IsUpper(c) && !(c >= '2' && c <= '9')) return "UN/LOCODE location part must be A-Z or 2-9";
  }
  return "";
}

std::string CheckIdentifier(std::string_view id) {
  if (id.empty()) return "identifier is empty";
  if (id.size() > 64) return "identifier longer than 64 characters";
  for (char c : id) {
    bool ok = IsUpper(c) || IsDigit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.' || c == '/';
    if (!ok) return "identifier may hold only A-Z a-z 0-9 - _ . /";
  }
  return "";
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::string CheckText(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) return "text longer than " + std::to_string(max_bytes) + " bytes";
  if (!IsValidUtf8(text)) return "not valid UTF-8";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return "control character in text";
  }
  return "";
}

std::string CheckContainerNumber(std::string_view number) {
  if (number.size() != 11) return "container number must have 11 characters (ISO 6346)";
  for (size_t i = 0; i < 4; ++i) {
    if (!IsUpper(number[i])) return "container number must start with 4 letters (ISO 6346)";
  }
  char category = number[3];
  if (category != 'U' && category != 'J' && category != 'Z') return "container category must be U, J or Z";
  for (size_t i = 4; i < 11; ++i) {
    if (!IsDigit(number[i])) return "container serial and check digit must be digits (ISO 6346)";
  }
  // Letter values run from A=10 upwards, skipping multiples of 11 (ISO 6346 annex A).
  constexpr std::array<int, 26> kLetterValue = {10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24,
                                                25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38};
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) {
    int value = IsDigit(number[i]) ? number[i] - '0' : kLetterValue[number[i] - 'A'];
    sum += value << i;
  }
  int check = (sum % 11) % 10;
  if (check != number[10] - '0') return "container number check digit is wrong (ISO 6346)";
  return "";
}

bool IsIncoterm(std::string_view term) {
  return std::find(kIncoterms.begin(), kIncoterms.end(), term) != kIncoterms.end();
}

bool IsQuantityUnit(std::string_view unit) {
  return std::find(kUnits.begin(), kUnits.end(), unit) != kUnits.end();
}

bool IsTransportMode(int code) { return code >= 1 && code <= 9 && code != 6; }

bool IncotermIncludesFreight(std::string_view term) {
  return term == "CIF" || term == "CIP" || term == "DAT" || term == "DAP" || term == "DPU" || term == "DDP";
}

}  // namespace aduana
