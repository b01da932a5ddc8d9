// Runs the aduana binary (or any command) through the shell and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace aduana::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // standard output and standard error
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The path sits in a static so callers' concatenations are not constant-folded: GCC 12 -O3 reports a false
// -Warray-bounds on "macro" + literal for some lengths of the checkout path.
inline const std::string& Aduana() {
  static const std::string path = ADUANA_BINARY;
  return path;
}

}  // namespace aduana::testing
