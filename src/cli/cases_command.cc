// aduana cases open     --db PATH --by NAME (--plan ID --company TAX_ID | --company TAX_ID --from DATE --to DATE)
// aduana cases assign   --db PATH --by NAME --case ID --auditor NAME
// aduana cases findings --db PATH --by NAME --case ID (--compliant | --non-compliant --amount MXN
//                       [--fraud-type T ...]) --text TEXT
// aduana cases close    --db PATH --by NAME --case ID
// aduana cases list     --db PATH [--state S] [--company TAX_ID]
//
// Audit case management (audit/audit_case.h). Each step is one transaction with its audit-trail entry;
// closing stores the audit outcome that profiles and the next training read.
#include <cstdio>

#include "audit/audit_case.h"
#include "cli/commands.h"
#include "core/status_macros.h"
#include "store/sqlite_store.h"

namespace aduana::cli {
namespace {

struct CaseArgs {
  std::string db;
  std::string by;
  int64_t plan_id = 0;
  int64_t case_id = 0;
  std::string company;
  std::string from;
  std::string to;
  std::string auditor;
  bool compliant = false;
  bool non_compliant = false;
  double amount = 0;
  std::vector<std::string> fraud_types;
  std::string text;
  std::string state;
};

void PrintCase(const AuditCaseRecord& c) {
  std::printf("case %lld  %-14s %s..%s  %-17s %-7s auditor=%s", static_cast<long long>(c.case_id),
              c.company_id.c_str(), FormatDate(c.period_from).c_str(), FormatDate(c.period_to).c_str(),
              c.state.c_str(), c.selection.c_str(), c.auditor.empty() ? "-" : c.auditor.c_str());
  if (c.state == "findings_recorded" || c.state == "closed") {
    std::printf("  %s, MXN %.2f assessed", c.non_compliant ? "non-compliant" : "compliant", c.amount_assessed);
  }
  std::printf("\n");
}

// Runs one workflow step in its own transaction and prints the case.
absl::Status Step(const CaseArgs& args,
                  const std::function<absl::StatusOr<AuditCaseRecord>(Store&, UnixMillis)>& step) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_RETURN_IF_ERROR(store->Begin());
  absl::StatusOr<AuditCaseRecord> c = step(*store, NowMillis());
  if (!c.ok()) {
    (void)store->Rollback();
    return c.status();
  }
  ADUANA_RETURN_IF_ERROR(store->Commit());
  PrintCase(*c);
  return absl::OkStatus();
}

absl::Status RunOpen(const CaseArgs& args) {
  if (args.plan_id != 0) {
    return Step(args, [&](Store& s, UnixMillis now) {
      return audit::OpenCaseFromPlan(s, args.plan_id, args.company, args.by, now);
    });
  }
  absl::StatusOr<EpochDay> from = ParseDate(args.from);
  absl::StatusOr<EpochDay> to = ParseDate(args.to);
  if (!from.ok() || !to.ok()) return absl::InvalidArgumentError("a case outside a plan needs --from and --to dates");
  return Step(args, [&](Store& s, UnixMillis now) {
    return audit::OpenManualCase(s, args.company, *from, *to, args.by, now);
  });
}

absl::Status RunFindings(const CaseArgs& args) {
  if (args.compliant == args.non_compliant) {
    return absl::InvalidArgumentError("say either --compliant or --non-compliant");
  }
  audit::CaseFindings f{args.non_compliant, args.amount, args.text, args.fraud_types};
  return Step(args, [&](Store& s, UnixMillis now) { return audit::RecordFindings(s, args.case_id, f, args.by, now); });
}

absl::Status RunClose(const CaseArgs& args) {
  return Step(args, [&](Store& s, UnixMillis now) -> absl::StatusOr<AuditCaseRecord> {
    ADUANA_ASSIGN_OR_RETURN(auto closed, audit::CloseCase(s, args.case_id, args.by, now));
    std::printf("audit outcome %s stored\n", closed.second.audit_id.c_str());
    return closed.first;
  });
}

absl::Status RunList(const CaseArgs& args) {
  ADUANA_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(args.db));
  ADUANA_ASSIGN_OR_RETURN(std::vector<AuditCaseRecord> cases, store->ListAuditCases(args.state, args.company, 1000));
  for (const AuditCaseRecord& c : cases) PrintCase(c);
  return absl::OkStatus();
}

}  // namespace

void AddCasesCommand(CLI::App& app, int* exit_code) {
  CLI::App* cases = app.add_subcommand("cases", "Post-clearance audit cases");
  cases->require_subcommand(1);
  auto args = std::make_shared<CaseArgs>();
  auto run = [exit_code](const absl::Status& s) {
    if (!s.ok()) std::fprintf(stderr, "aduana cases: %s\n", std::string(s.message()).c_str());
    *exit_code = s.ok() ? 0 : 1;
  };
  CLI::App* open = cases->add_subcommand("open", "Open a case, from a plan or on its own");
  CLI::App* assign = cases->add_subcommand("assign", "Assign (or reassign) an auditor");
  CLI::App* findings = cases->add_subcommand("findings", "Record what the audit found");
  CLI::App* close = cases->add_subcommand("close", "Close a case; its outcome feeds profiles and training");
  CLI::App* list = cases->add_subcommand("list", "Cases, newest first");
  for (CLI::App* cmd : {open, assign, findings, close, list}) {
    cmd->add_option("--db", args->db, "Store path")->required()->check(CLI::ExistingFile);
  }
  for (CLI::App* cmd : {open, assign, findings, close}) {
    cmd->add_option("--by", args->by, "Who does this (recorded in the audit trail)")->required();
  }
  for (CLI::App* cmd : {assign, findings, close}) cmd->add_option("--case", args->case_id, "Case id")->required();
  open->add_option("--plan", args->plan_id, "Plan id");
  open->add_option("--company", args->company, "Company tax id")->required();
  open->add_option("--from", args->from, "First day audited (without --plan)");
  open->add_option("--to", args->to, "Last day audited (without --plan)");
  open->callback([args, run] { run(RunOpen(*args)); });
  assign->add_option("--auditor", args->auditor, "Auditor")->required();
  assign->callback([args, run] {
    run(Step(*args, [&](Store& s, UnixMillis now) {
      return audit::AssignCase(s, args->case_id, args->auditor, args->by, now);
    }));
  });
  findings->add_flag("--compliant", args->compliant, "The audit found nothing");
  findings->add_flag("--non-compliant", args->non_compliant, "The audit found non-compliance");
  findings->add_option("--amount", args->amount, "Amount assessed (MXN)");
  findings->add_option("--fraud-type", args->fraud_types, "Fraud type found (repeatable)");
  findings->add_option("--text", args->text, "What the audit found")->required();
  findings->callback([args, run] { run(RunFindings(*args)); });
  close->callback([args, run] { run(RunClose(*args)); });
  list->add_option("--state", args->state, "opened, assigned, findings_recorded or closed");
  list->add_option("--company", args->company, "Only this company");
  list->callback([args, run] { run(RunList(*args)); });
}

}  // namespace aduana::cli
