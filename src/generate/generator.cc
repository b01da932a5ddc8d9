// GenerateDataset: builds the synthetic world, then streams every file of the data contract in dependency
// order (companies; transport documents, declarations, goods items and inspections in one pass over the
// declarations in lodgement order; audits; routes, stop zones, transits, tracking events) with the ground
// truth in truth/.
#include "generate/generator.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "generate/controls.h"
#include "generate/draft.h"
#include "generate/faults.h"
#include "generate/parameters.h"
#include "generate/rows.h"
#include "generate/text.h"
#include "generate/transit_sim.h"

namespace aduana {
namespace {


// Stream numbers of the run's independent random sequences.
enum Stream : uint64_t {
  kParties = 1, kRates, kTimeline, kDeclarations, kInspections, kFaults, kTransits, kAudits, kMarket
};

constexpr double kTransitEligibleShare = 0.70;  // declarations entering where an approved route starts
constexpr int kBucketDays = 30;

struct Outputs {
  gen::MalformedLog malformed;
  gen::Table truth, companies, documents, declarations, items, inspections, audits, routes, zones, transits, events;
  gen::Table revenue_at_stake;  // truth/revenue_at_stake.csv: what each fraudulent declaration kept from the revenue
};

absl::Status ValidateOptions(const GeneratorOptions& o) {
  if (o.out_dir.empty()) return absl::InvalidArgumentError("--out is required");
  if (o.declarations < 0 || o.declarations > 100'000'000) {
    return absl::InvalidArgumentError("--declarations must be between 0 and 100,000,000");
  }
  if (o.days < 1 || o.days > 3660) return absl::InvalidArgumentError("days must be between 1 and 3660");
  if (o.first_day < DayFromCivil(1901, 1, 1) || o.first_day + o.days > DayFromCivil(2099, 12, 31)) {
    return absl::InvalidArgumentError("the generated period must lie within 1901..2099");
  }
  if (!(o.malformed_rate >= 0 && o.malformed_rate <= 0.5)) {
    return absl::InvalidArgumentError("malformed_rate must be between 0 and 0.5");
  }
  return absl::OkStatus();
}

absl::Status MakeDirectories(const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(out_dir) / "truth", ec);
  if (ec) return absl::UnavailableError(gen::Concat("cannot create ", out_dir, ": ", ec.message()));
  return absl::OkStatus();
}

absl::Status OpenTable(const std::string& dir, EntityKind kind, gen::MalformedLog* log, gen::Table& table) {
  return table.Open(dir, gen::FileName(kind), gen::Columns(kind), log);
}

absl::Status OpenAll(const std::string& dir, Outputs& out) {
  std::string truth_dir = gen::Concat(dir, "/truth");
  for (absl::Status s :
       {out.malformed.Open(truth_dir), out.truth.Open(truth_dir, "ground_truth.csv", gen::TruthColumns(), nullptr),
        out.revenue_at_stake.Open(truth_dir, "revenue_at_stake.csv",
                                  {"declaration_id", "importer_id", "lodged_on", "revenue_at_stake"}, nullptr),
        OpenTable(dir, EntityKind::kCompany, &out.malformed, out.companies),
        OpenTable(dir, EntityKind::kTransportDocument, &out.malformed, out.documents),
        OpenTable(dir, EntityKind::kDeclaration, &out.malformed, out.declarations),
        OpenTable(dir, EntityKind::kGoodsItem, &out.malformed, out.items),
        OpenTable(dir, EntityKind::kInspectionOutcome, &out.malformed, out.inspections),
        OpenTable(dir, EntityKind::kAuditOutcome, &out.malformed, out.audits),
        OpenTable(dir, EntityKind::kRoute, &out.malformed, out.routes),
        OpenTable(dir, EntityKind::kStopZone, &out.malformed, out.zones),
        OpenTable(dir, EntityKind::kTransit, &out.malformed, out.transits),
        OpenTable(dir, EntityKind::kTrackingEvent, &out.malformed, out.events)}) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status WriteCompanies(const gen::World& world, Outputs& out, gen::FaultInjector& faults) {
  std::vector<bool> registry_only(world.parties.companies.size(), false);
  for (int c : world.parties.registry_only) registry_only[static_cast<size_t>(c)] = true;
  for (size_t c = 0; c < world.parties.companies.size(); ++c) {
    // Only companies nobody references may be malformed: a rejected importer would take its declarations along.
    if (registry_only[c]) faults.MaybeCorrupt(EntityKind::kCompany, out.companies);
    gen::WriteCompany(out.companies, world.parties.companies[c]);
  }
  for (const gen::TruthRow& row : world.parties.truth) gen::WriteTruthRow(out.truth, row);
  return out.companies.Close();
}

// The pass over the declarations, in lodgement order.
class DeclarationPass {
 public:
  DeclarationPass(const gen::World& world, Outputs& out, gen::FaultInjector& faults)
      : world_(world),
        out_(out),
        faults_(faults),
        builder_(world, gen::MixSeed(world.options.seed, kDeclarations)),
        selector_(world, gen::MixSeed(world.options.seed, kInspections)),
        transit_rng_(gen::MixSeed(world.options.seed, kTransits)),
        ledgers_(world.parties.importers.size()) {
    double wanted =
        std::min(gen::kTransitShare, static_cast<double>(gen::kMaxTransits) /
                                         std::max<double>(1.0, static_cast<double>(world.options.declarations)));
    transit_probability_ = std::min(1.0, wanted / kTransitEligibleShare);
    int buckets = (world.options.days + kBucketDays - 1) / kBucketDays + 1;
    for (gen::ImporterLedger& ledger : ledgers_) ledger.monthly_loss.assign(static_cast<size_t>(buckets), 0.0);
  }

  void Run() {
    gen::Timeline timeline(world_.options.declarations, world_.options.first_day, world_.options.days, world_.parties,
                           gen::MixSeed(world_.options.seed, kTimeline), world_.market.schedule,
                           gen::MixSeed(world_.options.seed, kMarket) + 1);
    std::vector<gen::DeclarationPlan> plans;
    while (timeline.NextDay(&plans)) {
      for (const gen::DeclarationPlan& plan : plans) Emit(plan);
    }
  }

  const std::vector<gen::ImporterLedger>& ledgers() const { return ledgers_; }
  const std::vector<gen::TransitPlan>& transit_plans() const { return transit_plans_; }

 private:
  int TransitRoute() {
    const Declaration& decl = draft_.declaration;
    if (decl.transport_mode != gen::kSea && decl.transport_mode != gen::kRail && decl.transport_mode != gen::kRoad) {
      return -1;
    }
    std::vector<int> routes = gen::RoutesFrom(decl.customs_office);
    if (routes.empty() || static_cast<int>(transit_plans_.size()) >= gen::kMaxTransits ||
        !transit_rng_.Chance(transit_probability_)) {
      return -1;
    }
    return routes[transit_rng_.Index(routes.size())];
  }

  void Emit(const gen::DeclarationPlan& plan) {
    builder_.Build(plan, &draft_);
    gen::ImporterLedger& ledger = ledgers_[static_cast<size_t>(draft_.importer)];
    std::optional<InspectionOutcome> inspection = selector_.Inspect(draft_, ledger);
    int route = TransitRoute();
    if (draft_.document_filed) {
      faults_.MaybeCorrupt(EntityKind::kTransportDocument, out_.documents);
      gen::WriteTransportDocument(out_.documents, draft_.document);
    }
    // A declaration under transit stays well formed: its transit and tracking would be rejected with it.
    bool malformed = route < 0 && faults_.MaybeCorrupt(EntityKind::kDeclaration, out_.declarations);
    gen::WriteDeclaration(out_.declarations, draft_.declaration);
    std::string rejected =
        gen::Concat("declaration ", draft_.declaration.declaration_id, " is malformed (unknown declaration)");
    for (size_t i = 0; i < draft_.items.size(); ++i) {
      if (malformed) {
        out_.items.MarkRejected(rejected);
      } else {
        faults_.MaybeCorrupt(EntityKind::kGoodsItem, out_.items);
      }
      const std::string& unit = draft_.items[i].quantity_unit;
      gen::WriteGoodsItem(out_.items, draft_.items[i], world_.catalogue.IsCountUnit(unit));
    }
    if (inspection) {
      if (malformed) {
        out_.inspections.MarkRejected(rejected);
      } else {
        faults_.MaybeCorrupt(EntityKind::kInspectionOutcome, out_.inspections);
      }
      gen::WriteInspection(out_.inspections, *inspection);
    }
    for (const gen::TruthRow& row : draft_.truth_rows) gen::WriteTruthRow(out_.truth, row);
    UpdateLedger(ledger);
    if (route >= 0) PlanTransit(route);
  }

  void UpdateLedger(gen::ImporterLedger& ledger) {
    ++ledger.declarations;
    for (const GoodsItem& item : draft_.items) ledger.duty_paid += item.duty_declared;
    double loss = 0;
    for (double l : draft_.loss) loss += l;
    if (loss > 0) WriteRevenueAtStake(loss);
    size_t bucket = static_cast<size_t>(std::max(0, (draft_.day - world_.options.first_day) / kBucketDays));
    if (bucket < ledger.monthly_loss.size()) ledger.monthly_loss[bucket] += loss;
  }

  void WriteRevenueAtStake(double loss) {
    gen::Table& t = out_.revenue_at_stake;
    t.Text(draft_.declaration.declaration_id);
    t.Text(draft_.declaration.importer_id);
    t.Date(draft_.day);
    t.Num(loss, 2);
    t.EndRow();
  }

  void PlanTransit(int route) {
    const Declaration& decl = draft_.declaration;
    gen::TransitPlan transit;
    char id[32];
    std::snprintf(id, sizeof id, "T%s-%06d", decl.declaration_id.substr(1, 4).c_str(),
                  static_cast<int>(transit_plans_.size()) + 1);
    transit.transit_id = id;
    transit.declaration_id = decl.declaration_id;
    transit.route = route;
    UnixMillis departed = decl.lodged_at + static_cast<UnixMillis>(transit_rng_.Uniform(2, 12) * 3'600'000);
    transit.departed_at = departed - departed % 60'000;
    transit_plans_.push_back(std::move(transit));
  }

  const gen::World& world_;
  Outputs& out_;
  gen::FaultInjector& faults_;
  gen::DeclarationBuilder builder_;
  gen::InspectionSelector selector_;
  gen::Rng transit_rng_;
  double transit_probability_ = 0;
  std::vector<gen::ImporterLedger> ledgers_;
  std::vector<gen::TransitPlan> transit_plans_;
  gen::DeclarationDraft draft_;
};

absl::Status CloseAll(std::initializer_list<gen::Table*> tables) {
  for (gen::Table* table : tables) {
    absl::Status s = table->Close();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

void WriteAudits(const gen::World& world, const std::vector<gen::ImporterLedger>& ledgers, Outputs& out,
                 gen::FaultInjector& faults) {
  for (const AuditOutcome& audit : gen::PlanAudits(world, ledgers, gen::MixSeed(world.options.seed, kAudits))) {
    faults.MaybeCorrupt(EntityKind::kAuditOutcome, out.audits);
    gen::WriteAudit(out.audits, audit);
  }
}

void WriteRoutes(Outputs& out) {
  for (const gen::RouteGeometry& route : gen::Routes()) gen::WriteRoute(out.routes, route.route);
  for (const gen::RouteGeometry& route : gen::Routes()) {
    for (const StopZone& zone : route.zones) gen::WriteStopZone(out.zones, zone);
  }
}

GeneratorSummary Summarize(const Outputs& out) {
  GeneratorSummary summary;
  for (const gen::Table* t : {&out.companies, &out.documents, &out.declarations, &out.items, &out.inspections,
                              &out.audits, &out.routes, &out.zones, &out.transits, &out.events}) {
    summary.rows_per_file[t->file_name()] = t->rows();
  }
  summary.rows_per_file["truth/ground_truth.csv"] = out.truth.rows();
  summary.rows_per_file["truth/malformed_rows.csv"] = out.malformed.rows();
  summary.rows_per_file["truth/revenue_at_stake.csv"] = out.revenue_at_stake.rows();
  return summary;
}

}  // namespace

absl::StatusOr<GeneratorSummary> GenerateDataset(const GeneratorOptions& options) {
  if (absl::Status s = ValidateOptions(options); !s.ok()) return s;
  if (absl::Status s = MakeDirectories(options.out_dir); !s.ok()) return s;
  gen::World world{options,
                   gen::Catalogue::Build(),
                   {},
                   gen::ExchangeRates(gen::MixSeed(options.seed, kRates), options.first_day, options.days),
                   {}};
  gen::Rng party_rng(gen::MixSeed(options.seed, kParties));
  const gen::PartyOptions party_options{options.declarations, options.first_day, options.days};
  world.parties = gen::BuildParties(party_options, world.catalogue, party_rng);
  // The market mechanisms draw from their own stream: the parties and everything drawn before stay as they were.
  gen::Rng market_rng(gen::MixSeed(options.seed, kMarket));
  world.market = gen::PlanMarketMechanisms(party_options, world.catalogue, world.parties, market_rng);

  Outputs out;
  if (absl::Status s = OpenAll(options.out_dir, out); !s.ok()) return s;
  gen::FaultInjector faults(options.malformed_rate, gen::MixSeed(options.seed, kFaults));
  if (absl::Status s = WriteCompanies(world, out, faults); !s.ok()) return s;

  DeclarationPass pass(world, out, faults);
  pass.Run();
  if (absl::Status s = CloseAll({&out.documents, &out.declarations, &out.items, &out.inspections,
                                 &out.revenue_at_stake});
      !s.ok()) {
    return s;
  }

  WriteAudits(world, pass.ledgers(), out, faults);
  WriteRoutes(out);
  gen::WriteTransits(pass.transit_plans(), gen::MixSeed(options.seed, kTransits) + 1, out.transits, out.events,
                     out.truth, faults);
  if (absl::Status s = CloseAll({&out.audits, &out.routes, &out.zones, &out.transits, &out.events, &out.truth});
      !s.ok()) {
    return s;
  }
  GeneratorSummary summary = Summarize(out);
  if (absl::Status s = out.malformed.Close(); !s.ok()) return s;
  return summary;
}

}  // namespace aduana
