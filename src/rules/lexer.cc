// Lexer of the rules language: words, numbers, strings, punctuation, comments; rule ids and dates on request.
#include "rules/lexer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/codes.h"

namespace aduana::rules {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordStart(char c) { return IsLetter(c) || c == '_'; }
bool IsWordChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_' || c == '.'; }
bool IsRuleIdChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_' || c == '.' || c == '-'; }
bool IsDateChar(char c) { return IsLetter(c) || IsDigit(c) || c == '-'; }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string HexByte(char c) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", static_cast<unsigned char>(c));
  return buffer;
}

// Length of the UTF-8 sequence that starts at text[0] if it is a valid multi-byte character, else 0.
size_t Utf8CharLength(std::string_view text) {
  unsigned char lead = static_cast<unsigned char>(text[0]);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || length > text.size() || !IsValidUtf8(text.substr(0, length))) return 0;
  return length;
}

std::string InvalidEscape(char escaped) {
  bool printable = escaped > 0x20 && escaped < 0x7F;
  std::string what = printable ? "'\\" + std::string(1, escaped) + "'" : "'\\' before byte " + HexByte(escaped);
  return "invalid escape " + what + " in string (only \\\" and \\\\ are allowed)";
}

std::string Shorten(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = limit;
  while (cut > 0 && IsContinuationByte(text[cut])) --cut;  // keep whole UTF-8 characters
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace

void Lexer::Advance(size_t bytes) {
  for (size_t end = std::min(pos_ + bytes, source_.size()); pos_ < end; ++pos_) {
    if (source_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if (!IsContinuationByte(source_[pos_])) {
      ++column_;
    }
  }
}

bool Lexer::AtLineEnd(size_t at) const {
  if (at >= source_.size() || source_[at] == '\n') return true;
  return source_[at] == '\r' && at + 1 < source_.size() && source_[at + 1] == '\n';
}

void Lexer::SkipSpaceAndComments() {
  while (pos_ < source_.size()) {
    char c = source_[pos_];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      Advance(1);
    } else if (c == '#') {
      size_t end = source_.find('\n', pos_);
      Advance((end == std::string_view::npos ? source_.size() : end) - pos_);
    } else {
      return;
    }
  }
}

Token Lexer::Start(TokenKind kind) const {
  Token token;
  token.kind = kind;
  token.line = line_;
  token.column = column_;
  return token;
}

Token Lexer::Finish(Token token, size_t start) {
  token.text = source_.substr(start, pos_ - start);
  return token;
}

Token Lexer::Error(Token token, size_t length, std::string message) {
  token.kind = TokenKind::kError;
  token.text = source_.substr(pos_, length);
  token.value = std::move(message);
  Advance(length);
  return token;
}

Token Lexer::Next(LexMode mode) {
  SkipSpaceAndComments();
  if (pos_ >= source_.size()) return Finish(Start(TokenKind::kEnd), pos_);
  char c = source_[pos_];
  if (mode == LexMode::kRuleId && IsRuleIdChar(c)) return LexRun(TokenKind::kRuleId, IsRuleIdChar);
  if (mode == LexMode::kDate && IsDigit(c)) return LexRun(TokenKind::kDate, IsDateChar);
  if (IsWordStart(c)) return LexRun(TokenKind::kWord, IsWordChar);
  if (IsDigit(c)) return LexNumber();
  if (c == '"') return LexString();
  return LexPunctuation();
}

Token Lexer::LexRun(TokenKind kind, bool (*accept)(char)) {
  Token token = Start(kind);
  size_t start = pos_;
  size_t end = pos_;
  while (end < source_.size() && accept(source_[end])) ++end;
  Advance(end - pos_);
  return Finish(std::move(token), start);
}

Token Lexer::LexNumber() {
  Token token = Start(TokenKind::kNumber);
  size_t start = pos_;
  size_t end = pos_;
  auto digits = [&] { while (end < source_.size() && IsDigit(source_[end])) ++end; };
  auto at = [&](size_t i) { return i < source_.size() ? source_[i] : '\0'; };
  digits();
  if (at(end) == '.' && IsDigit(at(end + 1))) {
    ++end;
    digits();
  }
  if ((at(end) == 'e' || at(end) == 'E') &&
      (IsDigit(at(end + 1)) || ((at(end + 1) == '+' || at(end + 1) == '-') && IsDigit(at(end + 2))))) {
    end += IsDigit(at(end + 1)) ? 1 : 2;
    digits();
  }
  if (IsWordChar(at(end))) {
    size_t bad_end = end;
    while (bad_end < source_.size() && IsWordChar(source_[bad_end])) ++bad_end;
    std::string_view bad = source_.substr(start, bad_end - start);
    return Error(std::move(token), bad.size(), "invalid number '" + Shorten(bad, 40) + "'");
  }
  std::string_view text = source_.substr(start, end - start);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  double magnitude = std::fabs(value);
  if (ec != std::errc() || ptr != text.data() + text.size() || magnitude > kMaxNumber ||
      (magnitude != 0 && magnitude < 1 / kMaxNumber)) {
    return Error(std::move(token), text.size(), "number '" + Shorten(text, 40) + "' is out of range");
  }
  token.number = value;
  Advance(text.size());
  return Finish(std::move(token), start);
}

Token Lexer::LexString() {
  Token token = Start(TokenKind::kString);
  size_t start = pos_;
  Advance(1);  // opening quote
  while (true) {
    char c = Peek();
    if (AtLineEnd(pos_) || (c == '\\' && AtLineEnd(pos_ + 1))) {
      pos_ = start;
      line_ = token.line;
      column_ = token.column;
      return Error(std::move(token), 1, "unterminated string (a string must end with '\"' on the line it starts)");
    }
    if (c == '"') break;
    if (c == '\\') {
      char escaped = Peek(1);
      if (escaped != '"' && escaped != '\\') return Error(Start(TokenKind::kError), 2, InvalidEscape(escaped));
      token.value.push_back(escaped);
      Advance(2);
      continue;
    }
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
      Token at = Start(TokenKind::kError);
      return Error(std::move(at), 1, "control character " + HexByte(c) + " in string");
    }
    token.value.push_back(c);
    Advance(1);
  }
  Advance(1);  // closing quote
  if (!IsValidUtf8(token.value)) {
    token.kind = TokenKind::kError;
    token.text = source_.substr(start, pos_ - start);
    token.value = "string is not valid UTF-8";
    return token;
  }
  return Finish(std::move(token), start);
}

Token Lexer::LexPunctuation() {
  struct Spelling {
    std::string_view text;
    TokenKind kind;
  };
  // Two-character spellings first.
  static constexpr Spelling kSpellings[] = {
      {"<=", TokenKind::kLessEqual}, {">=", TokenKind::kGreaterEqual}, {"==", TokenKind::kEqual},
      {"!=", TokenKind::kNotEqual},  {"..", TokenKind::kDotDot},       {"(", TokenKind::kLeftParen},
      {")", TokenKind::kRightParen}, {"[", TokenKind::kLeftBracket},   {"]", TokenKind::kRightBracket},
      {",", TokenKind::kComma},      {"+", TokenKind::kPlus},          {"-", TokenKind::kMinus},
      {"*", TokenKind::kStar},       {"/", TokenKind::kSlash},         {"<", TokenKind::kLess},
      {">", TokenKind::kGreater},
  };
  std::string_view rest = source_.substr(pos_);
  for (const Spelling& spelling : kSpellings) {
    if (rest.starts_with(spelling.text)) {
      Token token = Start(spelling.kind);
      size_t start = pos_;
      Advance(spelling.text.size());
      return Finish(std::move(token), start);
    }
  }
  return LexUnexpected();
}

Token Lexer::LexUnexpected() {
  Token token = Start(TokenKind::kError);
  char c = source_[pos_];
  if (c == '=') return Error(std::move(token), 1, "unexpected character '=' (use '==' to compare)");
  if (c == '!') return Error(std::move(token), 1, "unexpected character '!' (use '!=' or 'not')");
  if (c > 0x20 && c < 0x7F) return Error(std::move(token), 1, "unexpected character '" + std::string(1, c) + "'");
  if (size_t length = Utf8CharLength(source_.substr(pos_)); length > 0) {
    std::string character(source_.substr(pos_, length));
    return Error(std::move(token), length,
                 "unexpected character '" + character + "' (only ASCII is allowed outside strings and comments)");
  }
  return Error(std::move(token), 1, "unexpected byte " + HexByte(c));
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of file";
    case TokenKind::kString:
      return Shorten(token.text, 40);
    default: {
      // Built by appending: GCC 12 at -O3 warns (-Wrestrict) on "literal" + std::string.
      std::string quoted = "'";
      quoted.append(Shorten(token.text, 40)).append("'");
      return quoted;
    }
  }
}

}  // namespace aduana::rules
