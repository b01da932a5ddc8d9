#include "core/codes.h"

#include <gtest/gtest.h>

namespace aduana {
namespace {

TEST(CountryCodes, AcceptsAssignedCodesAndUnknown) {
  for (const char* code : {"AD", "CN", "DE", "MX", "CO", "KR", "US", "ZW", "ZZ"}) EXPECT_TRUE(IsCountryCode(code)) << code;
}

TEST(CountryCodes, RejectsUnassignedLowercaseAndWrongLength) {
  for (const char* code : {"XX", "AA", "UK", "mx", "MEX", "M", "", "M1"}) EXPECT_FALSE(IsCountryCode(code)) << code;
}

TEST(CurrencyCodes, AcceptsIso4217AndRejectsOthers) {
  EXPECT_TRUE(IsCurrencyCode("USD"));
  EXPECT_TRUE(IsCurrencyCode("MXN"));
  EXPECT_TRUE(IsCurrencyCode("KRW"));
  EXPECT_FALSE(IsCurrencyCode("ABC"));
  EXPECT_FALSE(IsCurrencyCode("usd"));
  EXPECT_FALSE(IsCurrencyCode("US"));
}

TEST(HsCode, ChecksLengthDigitsAndChapter) {
  EXPECT_EQ(CheckHsCode("851762"), "");
  EXPECT_EQ(CheckHsCode("8517620000"), "");
  EXPECT_NE(CheckHsCode("85176"), "");
  EXPECT_NE(CheckHsCode("85176200001"), "");
  EXPECT_NE(CheckHsCode("85.176"), "");
  EXPECT_NE(CheckHsCode("770100"), "");  // chapter 77 is reserved
  EXPECT_NE(CheckHsCode("000100"), "");
  EXPECT_EQ(CheckHsCode("8517", 4), "");
}

TEST(UnLocode, NeedsKnownCountryAndValidLocation) {
  EXPECT_EQ(CheckUnLocode("MXVER"), "");
  EXPECT_EQ(CheckUnLocode("CNSHA"), "");
  EXPECT_EQ(CheckUnLocode("US2NY"), "");
  EXPECT_NE(CheckUnLocode("XXVER"), "");
  EXPECT_NE(CheckUnLocode("MXVE1"), "");  // digits 0 and 1 are not used
  EXPECT_NE(CheckUnLocode("MXVERA"), "");
}

TEST(ContainerNumber, VerifiesIso6346CheckDigit) {
  EXPECT_EQ(CheckContainerNumber("CSQU3054383"), "");  // the standard's worked example
  EXPECT_EQ(CheckContainerNumber("MSCU1234566"), "");
  EXPECT_NE(CheckContainerNumber("CSQU3054384"), "");
  EXPECT_NE(CheckContainerNumber("CSQX3054383"), "");  // category must be U, J or Z
  EXPECT_NE(CheckContainerNumber("CSQU305438"), "");
}

TEST(Identifier, AllowsOnlyTheContractCharacters) {
  EXPECT_EQ(CheckIdentifier("D2024-000.1/A_b"), "");
  EXPECT_NE(CheckIdentifier(""), "");
  EXPECT_NE(CheckIdentifier("has space"), "");
  EXPECT_NE(CheckIdentifier(std::string(65, 'A')), "");
}

TEST(Text, RejectsBadUtf8ControlCharactersAndOversize) {
  EXPECT_EQ(CheckText("Alambrón de acero — 鋼"), "");
  EXPECT_NE(CheckText("bad \xC3\x28 byte"), "");
  EXPECT_NE(CheckText("overlong \xC0\xAF"), "");
  EXPECT_NE(CheckText("surrogate \xED\xA0\x80"), "");
  EXPECT_NE(CheckText("bell \x07"), "");
  EXPECT_EQ(CheckText("tab\tok"), "");
  EXPECT_NE(CheckText(std::string(1025, 'a')), "");
}

TEST(Incoterm, KnowsWhichIncludeFreight) {
  EXPECT_TRUE(IsIncoterm("FOB"));
  EXPECT_FALSE(IsIncoterm("XYZ"));
  EXPECT_TRUE(IncotermIncludesFreight("CIF"));
  EXPECT_FALSE(IncotermIncludesFreight("FOB"));
}

}  // namespace
}  // namespace aduana
