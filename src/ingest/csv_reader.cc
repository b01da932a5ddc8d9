#include "ingest/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace aduana {
namespace {
constexpr size_t kChunkBytes = 1 << 20;
}

CsvReader::CsvReader(CsvLimits limits) : limits_(limits) {}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status CsvReader::Open(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return absl::NotFoundError("cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) == 0) file_size_ = st.st_size;
  if (S_ISDIR(st.st_mode)) return absl::InvalidArgumentError(path + " is a directory");
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  chunk_.resize(kChunkBytes);
  return absl::OkStatus();
}

void CsvReader::OpenBuffer(std::string_view data) {
  from_buffer_ = true;
  chunk_.assign(data);
  end_ = chunk_.size();
  file_size_ = static_cast<int64_t>(data.size());
  eof_ = true;
}

bool CsvReader::Fill() {
  if (eof_ || fd_ < 0) return false;
  ssize_t n;
  do {
    n = ::read(fd_, chunk_.data(), chunk_.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    status_ = absl::DataLossError(std::string("read error: ") + std::strerror(errno));
    eof_ = true;
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  pos_ = 0;
  end_ = static_cast<size_t>(n);
  return true;
}

int CsvReader::Peek() {
  if (pos_ == end_ && !Fill()) return -1;
  return static_cast<unsigned char>(chunk_[pos_]);
}

void CsvReader::AppendToField(char c) {
  if (++field_bytes_ > limits_.max_field_bytes) {
    field_too_long_ = true;
    return;
  }
  if (field_ends_.size() >= limits_.max_fields) return;  // too many fields already: keep no more bytes
  values_.push_back(c);
}

size_t CsvReader::OrdinaryRun(bool quoted) const {
  const char* begin = chunk_.data() + pos_;
  const char* end = chunk_.data() + end_;
  const char* p = begin;
  if (quoted) {
    while (p < end && *p != '"' && *p != '\n' && *p != '\0') ++p;
  } else {
    while (p < end && *p != ',' && *p != '\n' && *p != '\r' && *p != '"' && *p != '\0') ++p;
  }
  return static_cast<size_t>(p - begin);
}

void CsvReader::AppendRun(size_t n) {
  const char* run = chunk_.data() + pos_;
  size_t keep_raw = std::min(n, limits_.max_raw_kept - std::min(limits_.max_raw_kept, raw_.size()));
  raw_.append(run, keep_raw);
  pos_ += n;
  consumed_ += static_cast<int64_t>(n);
  size_t room = field_bytes_ < limits_.max_field_bytes ? limits_.max_field_bytes - field_bytes_ : 0;
  field_bytes_ += n;
  if (n > room) field_too_long_ = true;
  if (field_ends_.size() >= limits_.max_fields) return;  // too many fields already: keep no more bytes
  values_.append(run, std::min(n, room));
}

void CsvReader::EndField(CsvRecord* record) {
  field_bytes_ = 0;
  if (field_ends_.size() > limits_.max_fields) return;  // already malformed: memory stays bounded
  field_ends_.push_back(values_.size());
  if (field_ends_.size() > limits_.max_fields && record->error.empty()) {
    record->error = "more than " + std::to_string(limits_.max_fields) + " fields";
  }
}

void CsvReader::Fail(CsvRecord* record, std::string why) {
  if (record->error.empty()) record->error = std::move(why);
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  values_.clear();
  field_ends_.clear();
  raw_.clear();
  field_bytes_ = 0;
  field_too_long_ = false;
  record->line = line_;
  int64_t start = consumed_;

  int c = Peek();
  if (c < 0) return false;
  if (at_start_) {
    at_start_ = false;
    // UTF-8 byte-order mark.
    if (c == 0xEF && end_ - pos_ >= 3 && std::memcmp(chunk_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
      pos_ += 3;
      consumed_ += 3;
      start = consumed_;
    }
  }

  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  State state = State::kFieldStart;
  bool done = false;
  while (!done) {
    // Fast path: copy a run of ordinary bytes of the current field at once.
    if (state == State::kUnquoted || state == State::kQuoted) {
      if (size_t run = OrdinaryRun(state == State::kQuoted); run > 0) {
        AppendRun(run);
        continue;
      }
    }
    c = Peek();
    if (c < 0) {  // end of input ends the record
      if (state == State::kQuoted) Fail(record, "unterminated quoted field (missing closing quote)");
      EndField(record);
      break;
    }
    char ch = static_cast<char>(c);
    ++pos_;
    ++consumed_;
    if (raw_.size() < limits_.max_raw_kept) raw_.push_back(ch);
    if (ch == '\0') Fail(record, "NUL byte in the data (binary file?)");
    if (ch == '\n') ++line_;
    switch (state) {
      case State::kFieldStart:
        if (ch == '"') {
          state = State::kQuoted;
          break;
        }
        state = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted:
        if (ch == ',') {
          EndField(record);
          state = State::kFieldStart;
        } else if (ch == '\n') {
          EndField(record);
          done = true;
        } else if (ch == '\r' && Peek() == '\n') {
          // CRLF: the LF ends the record on the next turn.
        } else {
          if (ch == '"') Fail(record, "quote inside an unquoted field");
          AppendToField(ch);
        }
        break;
      case State::kQuoted:
        if (ch == '"') {
          state = State::kQuoteInQuoted;
        } else {
          AppendToField(ch);
        }
        break;
      case State::kQuoteInQuoted:
        if (ch == '"') {
          AppendToField('"');
          state = State::kQuoted;
        } else if (ch == ',') {
          EndField(record);
          state = State::kFieldStart;
        } else if (ch == '\n') {
          EndField(record);
          done = true;
        } else if (ch == '\r' && Peek() == '\n') {
          state = State::kUnquoted;  // the LF ends the record
        } else {
          Fail(record, "text after a closing quote");
          AppendToField(ch);
          state = State::kUnquoted;
        }
        break;
    }
  }
  if (field_too_long_) {
    Fail(record, "field longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
  }
  size_t begin = 0;
  for (size_t end : field_ends_) {
    record->fields.emplace_back(values_.data() + begin, end - begin);
    begin = end;
  }
  // Drop the line end from the kept raw bytes.
  std::string_view raw(raw_);
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
  record->raw = raw;
  record->raw_size = consumed_ - start;
  return true;
}

}  // namespace aduana
