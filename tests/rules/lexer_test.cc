// Lexer of the rules language: token kinds, values, positions (UTF-8 aware columns), modes and every lexer error.
#include "rules/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aduana::rules {
namespace {

std::vector<Token> LexAll(std::string_view text) {
  Lexer lexer(text);
  std::vector<Token> tokens;
  while (true) {
    Token token = lexer.Next();
    bool stop = token.kind == TokenKind::kEnd || token.kind == TokenKind::kError;
    tokens.push_back(std::move(token));
    if (stop) return tokens;
  }
}

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<TokenKind> kinds;
  for (const Token& token : LexAll(text)) kinds.push_back(token.kind);
  return kinds;
}

// The error token at the end of `text`'s tokens, as "line:column: message".
std::string LexError(std::string_view text) {
  Token last = LexAll(text).back();
  if (last.kind != TokenKind::kError) return "no error";
  return std::to_string(last.line) + ":" + std::to_string(last.column) + ": " + last.value;
}

TEST(Lexer, ReadsWordsNumbersStringsAndPunctuation) {
  using K = TokenKind;
  EXPECT_EQ(Kinds("importer.hit_rate >= 0.5 and item.hs_code hs \"61\", \"62\""),
            (std::vector<K>{K::kWord, K::kGreaterEqual, K::kNumber, K::kWord, K::kWord, K::kWord, K::kString,
                            K::kComma, K::kString, K::kEnd}));
  EXPECT_EQ(Kinds("( ) [ ] , + - * / < <= > >= == != .."),
            (std::vector<K>{K::kLeftParen, K::kRightParen, K::kLeftBracket, K::kRightBracket, K::kComma, K::kPlus,
                            K::kMinus, K::kStar, K::kSlash, K::kLess, K::kLessEqual, K::kGreater, K::kGreaterEqual,
                            K::kEqual, K::kNotEqual, K::kDotDot, K::kEnd}));
  EXPECT_EQ(Kinds("a<=b"), (std::vector<K>{K::kWord, K::kLessEqual, K::kWord, K::kEnd}));
}

TEST(Lexer, WordsHoldDotsDigitsAndUnderscores) {
  std::vector<Token> tokens = LexAll("_x declaration.origin item.line_2");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].text, "_x");
  EXPECT_EQ(tokens[1].text, "declaration.origin");
  EXPECT_EQ(tokens[2].text, "item.line_2");
}

TEST(Lexer, ReadsNumberForms) {
  std::vector<Token> tokens = LexAll("12 0.5 1e6 1E-3 2.5e+2 007");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].number, 12);
  EXPECT_EQ(tokens[1].number, 0.5);
  EXPECT_EQ(tokens[2].number, 1e6);
  EXPECT_EQ(tokens[3].number, 1e-3);
  EXPECT_EQ(tokens[4].number, 250);
  EXPECT_EQ(tokens[5].number, 7);
  EXPECT_EQ(tokens[5].text, "007");
}

TEST(Lexer, DecodesStringEscapesAndKeepsUtf8) {
  std::vector<Token> tokens = LexAll(R"("say \"hi\" \\ now" "Nuevo León")");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].value, "say \"hi\" \\ now");
  EXPECT_EQ(tokens[0].text, R"("say \"hi\" \\ now")");
  EXPECT_EQ(tokens[1].value, "Nuevo León");
}

TEST(Lexer, SkipsCommentsAndCountsLinesAndColumns) {
  std::vector<Token> tokens = LexAll("# a comment with \"quotes\" and é\n  rule # trailing\n\tx");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "rule");
  EXPECT_EQ(tokens[0].line, 2);
  EXPECT_EQ(tokens[0].column, 3);
  EXPECT_EQ(tokens[1].text, "x");
  EXPECT_EQ(tokens[1].line, 3);
  EXPECT_EQ(tokens[1].column, 2);  // a tab is one column
  EXPECT_EQ(tokens[2].kind, TokenKind::kEnd);
}

TEST(Lexer, ColumnsCountCharactersNotBytes) {
  std::vector<Token> tokens = LexAll("\"año\" x");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].column, 7);  // "año" is 5 characters (6 bytes) and a space
}

TEST(Lexer, AcceptsCrLfLineEnds) {
  std::vector<Token> tokens = LexAll("a\r\nb");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].line, 2);
  EXPECT_EQ(tokens[1].column, 1);
}

TEST(Lexer, RuleIdModeReadsDashesAndLeadingDigits) {
  Lexer lexer("R-TEXTILE-UV-01 version 3-a");
  Token id = lexer.Next(LexMode::kRuleId);
  EXPECT_EQ(id.kind, TokenKind::kRuleId);
  EXPECT_EQ(id.text, "R-TEXTILE-UV-01");
  EXPECT_EQ(lexer.Next().text, "version");
  EXPECT_EQ(lexer.Next(LexMode::kRuleId).text, "3-a");
  // Outside rule-id characters the mode falls back to normal tokens.
  Lexer quoted("\"x\"");
  EXPECT_EQ(quoted.Next(LexMode::kRuleId).kind, TokenKind::kString);
}

TEST(Lexer, DateModeReadsDatesAndFallsBack) {
  Lexer lexer("2026-01-01..2026-12-31 when");
  Token from = lexer.Next(LexMode::kDate);
  EXPECT_EQ(from.kind, TokenKind::kDate);
  EXPECT_EQ(from.text, "2026-01-01");
  EXPECT_EQ(lexer.Next().kind, TokenKind::kDotDot);
  EXPECT_EQ(lexer.Next(LexMode::kDate).text, "2026-12-31");
  Token word = lexer.Next(LexMode::kDate);
  EXPECT_EQ(word.kind, TokenKind::kWord);
  // In normal mode the same characters are numbers and minus signs.
  EXPECT_EQ(Kinds("2026-01"), (std::vector<TokenKind>{TokenKind::kNumber, TokenKind::kMinus, TokenKind::kNumber,
                                                      TokenKind::kEnd}));
}

TEST(Lexer, KeepsReturningEndAtEndOfInput) {
  Lexer lexer("  # only a comment");
  EXPECT_EQ(lexer.Next().kind, TokenKind::kEnd);
  EXPECT_EQ(lexer.Next().kind, TokenKind::kEnd);
}

TEST(LexerErrors, UnterminatedString) {
  EXPECT_EQ(LexError("x == \"abc\ny"),
            "1:6: unterminated string (a string must end with '\"' on the line it starts)");
  EXPECT_EQ(LexError("x == \"abc"), "1:6: unterminated string (a string must end with '\"' on the line it starts)");
  EXPECT_EQ(LexError("x == \"abc\r\n\""),
            "1:6: unterminated string (a string must end with '\"' on the line it starts)");
}

TEST(LexerErrors, InvalidEscape) {
  EXPECT_EQ(LexError("\"a\\nb\""), "1:3: invalid escape '\\n' in string (only \\\" and \\\\ are allowed)");
  EXPECT_EQ(LexError("\"a\\\xc3\xb1\""),
            "1:3: invalid escape '\\' before byte 0xC3 in string (only \\\" and \\\\ are allowed)");
  // A backslash at the end of the line or input leaves the string unterminated.
  EXPECT_EQ(LexError("x \"a\\\n\""), "1:3: unterminated string (a string must end with '\"' on the line it starts)");
  EXPECT_EQ(LexError("x \"a\\"), "1:3: unterminated string (a string must end with '\"' on the line it starts)");
}

TEST(LexerErrors, ControlCharacterInString) {
  EXPECT_EQ(LexError("\"a\x01\""), "1:3: control character 0x01 in string");
  EXPECT_EQ(LexError("\"a\tb\""), "no error");  // a tab is allowed
}

TEST(LexerErrors, InvalidUtf8InString) {
  EXPECT_EQ(LexError("x \"a\xff\""), "1:3: string is not valid UTF-8");
}

TEST(LexerErrors, InvalidNumber) {
  EXPECT_EQ(LexError("x > 12abc"), "1:5: invalid number '12abc'");
  EXPECT_EQ(LexError("x > 1."), "1:5: invalid number '1.'");
  EXPECT_EQ(LexError("x > 1e"), "1:5: invalid number '1e'");
  EXPECT_EQ(LexError("x > 1.5.2"), "1:5: invalid number '1.5.2'");
}

TEST(LexerErrors, NumberOutOfRange) {
  EXPECT_EQ(LexError("x > 1e301"), "1:5: number '1e301' is out of range");
  EXPECT_EQ(LexError("x > 1e-301"), "1:5: number '1e-301' is out of range");
  EXPECT_EQ(LexError("x > 1e300 and y > 0 and z > 1e-300"), "no error");
}

TEST(LexerErrors, UnexpectedCharacters) {
  EXPECT_EQ(LexError("x @ y"), "1:3: unexpected character '@'");
  EXPECT_EQ(LexError("x = 1"), "1:3: unexpected character '=' (use '==' to compare)");
  EXPECT_EQ(LexError("x ! 1"), "1:3: unexpected character '!' (use '!=' or 'not')");
  EXPECT_EQ(LexError("x . y"), "1:3: unexpected character '.'");
  EXPECT_EQ(LexError("x ≥ 1"),
            "1:3: unexpected character '≥' (only ASCII is allowed outside strings and comments)");
}

TEST(LexerErrors, UnexpectedBytes) {
  EXPECT_EQ(LexError(std::string_view("x \0 y", 5)), "1:3: unexpected byte 0x00");
  EXPECT_EQ(LexError("x \xff y"), "1:3: unexpected byte 0xFF");
}

TEST(DescribeToken, NamesTokensForMessages) {
  std::vector<Token> tokens = LexAll("when <= 12 \"text\"");
  EXPECT_EQ(DescribeToken(tokens[0]), "'when'");
  EXPECT_EQ(DescribeToken(tokens[1]), "'<='");
  EXPECT_EQ(DescribeToken(tokens[2]), "'12'");
  EXPECT_EQ(DescribeToken(tokens[3]), "\"text\"");
  EXPECT_EQ(DescribeToken(tokens[4]), "end of file");
  std::string fifty(50, 'a');
  std::vector<Token> long_word = LexAll(fifty);
  EXPECT_EQ(DescribeToken(long_word[0]), "'" + std::string(40, 'a') + "...'");
}

}  // namespace
}  // namespace aduana::rules
