// Lexer of the rules language (docs/rules.md): turns rule-file text into tokens with 1-based line and column
// (columns count UTF-8 characters). It is pulled by the parser one token at a time; the parser chooses the mode
// for the places where the same characters mean something else (a rule id after `rule`, a date in `valid`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace aduana::rules {

enum class TokenKind {
  kEnd,     // end of input
  kError,   // the input cannot be read here; Token::value says why
  kWord,    // keyword, field or function name: [A-Za-z_][A-Za-z0-9_.]*
  kRuleId,  // LexMode::kRuleId only: [A-Za-z0-9_.-]+
  kDate,    // LexMode::kDate only: a digit, then [A-Za-z0-9-]* (the parser checks it is YYYY-MM-DD)
  kNumber,  // digits [. digits] [e [+-] digits]; Token::number holds the value
  kString,  // "..." with \" and \\ escapes; Token::value holds the decoded bytes
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,     // ==
  kNotEqual,  // !=
  kDotDot,    // ..
};

enum class LexMode { kNormal, kRuleId, kDate };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  // the token's bytes in the source (for kError, the offending bytes)
  std::string value;      // kString: decoded contents; kError: what is wrong
  double number = 0;      // kNumber
  int line = 1;
  int column = 1;
};

// Largest magnitude of a number literal; smaller non-zero magnitudes than 1/kMaxNumber are refused too.
inline constexpr double kMaxNumber = 1e300;

class Lexer {
 public:
  explicit Lexer(std::string_view source) : source_(source) {}

  // The next token. After kEnd it keeps returning kEnd; after kError the caller is expected to stop.
  Token Next(LexMode mode = LexMode::kNormal);

 private:
  void Advance(size_t bytes);
  void SkipSpaceAndComments();
  bool AtLineEnd(size_t at) const;  // end of input, "\n" or "\r\n" at `at`
  char Peek(size_t ahead = 0) const { return pos_ + ahead < source_.size() ? source_[pos_ + ahead] : '\0'; }
  Token Start(TokenKind kind) const;
  Token Finish(Token token, size_t start);
  Token Error(Token token, size_t length, std::string message);
  Token LexRun(TokenKind kind, bool (*accept)(char));
  Token LexNumber();
  Token LexString();
  Token LexPunctuation();
  Token LexUnexpected();

  std::string_view source_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// How a token is named in an error message: 'when', '<=', '12', "text", end of file.
std::string DescribeToken(const Token& token);

}  // namespace aduana::rules
