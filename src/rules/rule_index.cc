#include "rules/rule_index.h"

#include <algorithm>
#include <tuple>

namespace aduana::rules {
namespace {

// The text field a node names, if it is one.
const FieldInfo* TextField(const Node& node, const FieldCatalog& catalog) {
  if (node.kind != NodeKind::kField) return nullptr;
  const FieldInfo* info = catalog.Find(node.name);
  return info != nullptr && info->type == ValueType::kText ? info : nullptr;
}

Guard FieldGuard(const FieldInfo& field, bool prefix, std::vector<std::string> values) {
  Guard g;
  g.source = field.scope == Scope::kDeclaration ? Guard::Source::kDeclarationText : Guard::Source::kItemText;
  g.slot = field.slot;
  g.prefix = prefix;
  g.values = std::move(values);
  return g;
}

// The guard one conjunct gives, if any.
std::optional<Guard> ConjunctGuard(const Node& node, const FieldCatalog& catalog) {
  switch (node.kind) {
    case NodeKind::kCompare: {
      if (node.op != Op::kEqual) return std::nullopt;
      const Node& a = *node.children[0];
      const Node& b = *node.children[1];
      if (const FieldInfo* f = TextField(a, catalog); f != nullptr && b.kind == NodeKind::kText) {
        return FieldGuard(*f, false, {b.text});
      }
      if (const FieldInfo* f = TextField(b, catalog); f != nullptr && a.kind == NodeKind::kText) {
        return FieldGuard(*f, false, {a.text});
      }
      return std::nullopt;
    }
    case NodeKind::kIn: {
      const FieldInfo* f = TextField(*node.children[0], catalog);
      if (f == nullptr || node.negated) return std::nullopt;
      std::vector<std::string> values;
      for (const auto& item : node.list) values.push_back(item->text);
      return FieldGuard(*f, false, std::move(values));
    }
    case NodeKind::kHs:
    case NodeKind::kStartsWith: {
      const FieldInfo* f = TextField(*node.children[0], catalog);
      if (f == nullptr) return std::nullopt;
      return FieldGuard(*f, true, node.texts);
    }
    default: return std::nullopt;
  }
}

// Lower is more selective.
std::tuple<int, size_t> Rank(const Guard& g) {
  int kind = g.source == Guard::Source::kDeclarationText ? 0 : g.source == Guard::Source::kOffice ? 1 : 2;
  return {kind * 2 + (g.prefix ? 1 : 0), g.values.size()};
}

}  // namespace

std::optional<Guard> FindGuard(const Node& condition, const std::vector<std::string>& offices,
                               const FieldCatalog& catalog) {
  std::vector<Guard> found;
  if (condition.kind == NodeKind::kAnd) {
    for (const auto& child : condition.children) {
      if (std::optional<Guard> g = ConjunctGuard(*child, catalog)) found.push_back(*std::move(g));
    }
  } else if (std::optional<Guard> g = ConjunctGuard(condition, catalog)) {
    found.push_back(*std::move(g));
  }
  if (!offices.empty()) {
    Guard g;
    g.source = Guard::Source::kOffice;
    g.values = offices;
    found.push_back(std::move(g));
  }
  if (found.empty()) return std::nullopt;
  return *std::min_element(found.begin(), found.end(),
                           [](const Guard& a, const Guard& b) { return Rank(a) < Rank(b); });
}

RuleIndex::RuleIndex(const std::vector<std::optional<Guard>>& guards) : always_((guards.size() + 63) / 64, 0) {
  std::string key;
  for (size_t rule = 0; rule < guards.size(); ++rule) {
    if (!guards[rule]) {
      always_[rule / 64] |= uint64_t{1} << (rule % 64);
      continue;
    }
    const Guard& g = *guards[rule];
    auto lookup = std::find_if(lookups_.begin(), lookups_.end(), [&](const Lookup& l) {
      return l.source == g.source && l.slot == g.slot && l.prefix == g.prefix;
    });
    if (lookup == lookups_.end()) lookup = lookups_.insert(lookups_.end(), Lookup{g.source, g.slot, g.prefix, {}});
    for (const std::string& value : g.values) {
      if (g.prefix && std::find(lookup->prefix_lengths.begin(), lookup->prefix_lengths.end(), value.size()) ==
                          lookup->prefix_lengths.end()) {
        lookup->prefix_lengths.push_back(value.size());
      }
      MakeKey(*lookup, value, &key);
      std::vector<int>& rules = rules_by_key_[key];
      if (rules.empty() || rules.back() != static_cast<int>(rule)) rules.push_back(static_cast<int>(rule));
    }
  }
}

void RuleIndex::MakeKey(const Lookup& lookup, std::string_view value, std::string* key) {
  key->clear();
  key->push_back(static_cast<char>(lookup.source));
  key->push_back(lookup.prefix ? 'p' : '=');
  key->push_back(static_cast<char>(lookup.slot & 0xff));
  key->push_back(static_cast<char>((lookup.slot >> 8) & 0xff));
  key->append(value);
}

void RuleIndex::MarkValue(const Lookup& lookup, std::string_view value, Scratch* scratch) const {
  if (value.empty()) return;  // no guard holds on a missing value
  auto mark = [&](std::string_view v) {
    MakeKey(lookup, v, &scratch->key);
    auto it = rules_by_key_.find(scratch->key);
    if (it == rules_by_key_.end()) return;
    for (int rule : it->second) scratch->marks[static_cast<size_t>(rule) / 64] |= uint64_t{1} << (rule % 64);
  };
  if (!lookup.prefix) {
    mark(value);
    return;
  }
  for (size_t length : lookup.prefix_lengths) {
    if (length <= value.size()) mark(value.substr(0, length));
  }
}

void RuleIndex::Mark(const RuleRecord& record, const RecordLayout& layout, Scratch* scratch) const {
  scratch->marks.assign(always_.begin(), always_.end());
  for (const Lookup& lookup : lookups_) {
    switch (lookup.source) {
      case Guard::Source::kOffice: MarkValue(lookup, record.customs_office, scratch); break;
      case Guard::Source::kDeclarationText:
        MarkValue(lookup, record.texts[static_cast<size_t>(lookup.slot)], scratch);
        break;
      case Guard::Source::kItemText:
        for (size_t item = 0; item < record.item_count; ++item) {
          MarkValue(lookup, record.item_texts[item * layout.item_text_stride + static_cast<size_t>(lookup.slot)],
                    scratch);
        }
        break;
    }
  }
}

}  // namespace aduana::rules
