#include "core/time.h"

#include <gtest/gtest.h>

namespace aduana {
namespace {

TEST(ParseDate, ReadsCalendarDates) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(*ParseDate("2024-01-01"), 19723);
  EXPECT_EQ(*ParseDate("2024-02-29"), 19782);
}

TEST(ParseDate, RejectsImpossibleAndMalformedDates) {
  for (const char* text : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024/01/01",
                           "1800-01-01", "2101-01-01", "", "2024-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseDate(text).ok()) << text;
  }
}

TEST(ParseTimestamp, HonoursOffsetsAndFractions) {
  EXPECT_EQ(*ParseTimestamp("2024-01-01T00:00:00Z"), 19723 * kMillisPerDay);
  EXPECT_EQ(*ParseTimestamp("2024-01-01T06:00:00+06:00"), 19723 * kMillisPerDay);
  EXPECT_EQ(*ParseTimestamp("2023-12-31T18:00:00-06:00"), 19723 * kMillisPerDay);
  EXPECT_EQ(*ParseTimestamp("2024-01-01T00:00:01.250Z"), 19723 * kMillisPerDay + 1250);
  EXPECT_EQ(*ParseTimestamp("2024-01-01"), 19723 * kMillisPerDay);
}

TEST(ParseTimestamp, RejectsMissingZoneAndBadTimes) {
  for (const char* text : {"2024-01-01T10:00:00", "2024-01-01T24:00:00Z", "2024-01-01T10:61:00Z",
                           "2024-01-01T10:00:00+25:00", "2024-01-01T10:00Z", "2024-01-01T10:00:00.Z",
                           "2024-01-01T10:00:00ZZ"}) {
    EXPECT_FALSE(ParseTimestamp(text).ok()) << text;
  }
}

TEST(FormatTimestamp, RoundTrips) {
  for (const char* text : {"2024-03-05T10:22:31Z", "1999-12-31T23:59:59.500Z", "1965-06-01T00:00:00Z"}) {
    EXPECT_EQ(FormatTimestamp(*ParseTimestamp(text)), text);
  }
  EXPECT_EQ(FormatDate(19782), "2024-02-29");
}

}  // namespace
}  // namespace aduana
