// The store's records of the selectivity service: decisions and their states, the hash-chained audit trail
// (and that tampering with it is found), API tokens and office capacities.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "../testing/temp_dir.h"
#include "store/audit_chain.h"
#include "store/sqlite_store.h"

namespace aduana {
namespace {

class ServiceRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteStore(Path());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
  }
  std::string Path() { return dir_.File("store.db"); }

  // Runs SQL on the store's file behind its back, as someone tampering with it would.
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  void AddDeclaration(const std::string& id) {
    Company c;
    c.company_id = "C1";
    c.name = "C1";
    c.registered_on = 19000;
    c.country = "MX";
    ASSERT_TRUE(store_->Put(c, 1).ok());
    Declaration d;
    d.declaration_id = id;
    d.lodged_at = 1'700'000'000'000;
    d.customs_office = "MXNLD";
    d.importer_id = d.declarant_id = "C1";
    ASSERT_EQ(*store_->Put(d, 2), PutResult::kInserted);
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

DecisionRecord Decision(const std::string& id, UnixMillis at, const std::string& state) {
  DecisionRecord d;
  d.declaration_id = id;
  d.decided_at = at;
  d.office = "MXNLD";
  d.channel = "red";
  d.basis = "risk";
  d.risk = 0.8;
  d.reasons_json = R"({"rules": []})";
  d.explanation = "risk priority 0.800 reaches the red threshold";
  d.state = state;
  d.state_at = at;
  return d;
}

TEST_F(ServiceRecords, OneDecisionPerDeclarationWithItsStateAndQueue) {
  ASSERT_TRUE(store_->Begin().ok());
  AddDeclaration("D1");
  AddDeclaration("D2");
  ASSERT_TRUE(store_->SaveDecision(Decision("D1", 100, "physical_inspection")).ok());
  ASSERT_TRUE(store_->SaveDecision(Decision("D2", 50, "physical_inspection")).ok());
  EXPECT_EQ(store_->SaveDecision(Decision("D1", 200, "released")).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->SaveDecision(Decision("UNKNOWN", 200, "released")).code(), absl::StatusCode::kFailedPrecondition)
      << "a decision needs its declaration in the store";
  ASSERT_TRUE(store_->Commit().ok());

  auto queue = store_->DecisionsInState("MXNLD", "physical_inspection", 10);
  ASSERT_TRUE(queue.ok()) << queue.status();
  ASSERT_EQ(queue->size(), 2u);
  EXPECT_EQ((*queue)[0].declaration_id, "D2");  // oldest first
  ASSERT_TRUE(store_->UpdateDecisionState("D2", "red", "result_recorded", 300).ok());
  EXPECT_EQ(store_->DecisionsInState("MXNLD", "physical_inspection", 10)->size(), 1u);
  auto d2 = store_->LoadDecision("D2");
  ASSERT_TRUE(d2.ok() && d2->has_value());
  EXPECT_EQ((*d2)->state, "result_recorded");
  EXPECT_EQ((*d2)->state_at, 300);
  EXPECT_EQ((*d2)->explanation, "risk priority 0.800 reaches the red threshold");
  EXPECT_EQ(store_->UpdateDecisionState("D9", "red", "released", 1).code(), absl::StatusCode::kNotFound);
  int scanned = 0;
  ASSERT_TRUE(store_->ScanDecisions(0, 1000, [&](const DecisionRecord&) {
    ++scanned;
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(scanned, 2);
}

TEST_F(ServiceRecords, TheAuditTrailIsAChainAndTamperingBreaksIt) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e;
    e.at = 1000 + i;
    e.actor = "engine";
    e.action = "decided";
    e.subject = "D" + std::to_string(i % 2);
    e.detail = R"({"channel": "green"})";
    auto stored = store_->AppendAudit(e);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->seq, i + 1);
  }
  auto clean = VerifyAuditTrail(*store_);
  ASSERT_TRUE(clean.ok()) << clean.status();
  EXPECT_EQ(clean->entries, 5);
  EXPECT_FALSE(clean->first_broken.has_value()) << clean->reason;
  EXPECT_EQ(store_->AuditOf("D1")->size(), 2u);

  store_.reset();
  Tamper(R"(UPDATE audit_trail SET detail = '{"channel": "red"}' WHERE seq = 3)");
  store_ = std::move(*OpenSqliteStore(Path()));
  auto changed = VerifyAuditTrail(*store_);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->first_broken, 3);
  EXPECT_NE(changed->reason.find("changed"), std::string::npos) << changed->reason;

  store_.reset();
  Tamper(R"(UPDATE audit_trail SET detail = '{"channel": "green"}' WHERE seq = 3; DELETE FROM audit_trail WHERE seq = 2)");
  store_ = std::move(*OpenSqliteStore(Path()));
  auto deleted = VerifyAuditTrail(*store_);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->first_broken, 3);
  EXPECT_NE(deleted->reason.find("missing"), std::string::npos) << deleted->reason;
}

TEST_F(ServiceRecords, RewritingAnEntryWithAFreshHashStillBreaksTheNextLink) {
  for (int i = 0; i < 3; ++i) {
    AuditEntry e;
    e.at = i;
    e.actor = "officer.ana";
    e.action = "rerouted";
    e.subject = "D1";
    e.detail = "{}";
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  }
  AuditEntry forged;
  ASSERT_TRUE(store_->ScanAudit([&](const AuditEntry& e) {
    if (e.seq == 2) forged = e;
    return absl::OkStatus();
  }).ok());
  forged.actor = "someone.else";
  std::string hash = AuditHash(forged);
  store_.reset();
  Tamper("UPDATE audit_trail SET actor = 'someone.else', hash = '" + hash + "' WHERE seq = 2");
  store_ = std::move(*OpenSqliteStore(Path()));
  auto v = VerifyAuditTrail(*store_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->first_broken, 3);  // entry 2 now verifies on its own; entry 3 still links to its old hash
  EXPECT_NE(v->reason.find("link"), std::string::npos) << v->reason;
}

TEST_F(ServiceRecords, TokensAndCapacities) {
  ASSERT_TRUE(store_->SaveToken({"abc123", "ana", "officer", 10, std::nullopt}).ok());
  EXPECT_FALSE(store_->SaveToken({"abc123", "bob", "admin", 11, std::nullopt}).ok());  // hashes are unique
  auto found = store_->FindToken("abc123");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->role, "officer");
  EXPECT_FALSE((*found)->revoked_at.has_value());
  ASSERT_TRUE(store_->RevokeToken("abc123", 20).ok());
  EXPECT_EQ(*(*store_->FindToken("abc123"))->revoked_at, 20);
  EXPECT_EQ(store_->RevokeToken("abc123", 30).code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(store_->FindToken("zzz")->has_value());

  ASSERT_TRUE(store_->SaveCapacity({"MXNLD", 40, 80, 20, 1500, 5}).ok());
  ASSERT_TRUE(store_->SaveCapacity({"MXNLD", 10, 80, 20, 1500, 6}).ok());
  auto capacities = store_->LoadCapacities();
  ASSERT_TRUE(capacities.ok());
  ASSERT_EQ(capacities->size(), 1u);
  EXPECT_EQ((*capacities)[0].red, 10);
}

}  // namespace
}  // namespace aduana
