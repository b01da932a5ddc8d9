#include "select/capacity.h"

#include "absl/strings/string_view.h"

namespace aduana::select {
namespace {
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }
}  // namespace

void CapacityPlan::Set(std::string_view office, const OfficeCapacity& capacity) {
  offices_[std::string(office)] = capacity;
}

const OfficeCapacity& CapacityPlan::Get(std::string_view office) const {
  auto it = offices_.find(Key(office));
  return it == offices_.end() ? default_ : it->second;
}

}  // namespace aduana::select
