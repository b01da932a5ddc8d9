// Every tunable of the synthetic world in one place: volumes, honest noise, planted fraud mechanisms and
// controls. docs/generator.md documents each of them; keep the two in step.
#pragma once

#include <string_view>

namespace aduana::gen {

// --- Parties -----------------------------------------------------------------------------------------------
inline constexpr double kDeclarationsPerImporter = 20;  // importers = N / 20
inline constexpr int kMinImporters = 60;
inline constexpr double kDeclarationsPerBroker = 3'000;  // brokers = clamp(N / 3000, 12, 300)
inline constexpr int kMinBrokers = 12;
inline constexpr int kMaxBrokers = 300;
inline constexpr double kImporterZipfExponent = 1.0;  // declarations per importer ~ 1 / (rank + 10)
inline constexpr double kImporterZipfOffset = 10;
inline constexpr double kBrokerZipfExponent = 0.9;
inline constexpr double kSelfDeclaringShare = 0.07;       // importers that lodge their own declarations
inline constexpr double kSmallParcelShare = 0.03;         // e-commerce importers of small air/post parcels
inline constexpr double kAeoShareLarge = 0.25;            // AEO share among the top 5% importers by volume
inline constexpr double kAeoShareOther = 0.015;           // ... and among the others (about 3% overall)
inline constexpr double kAeoFraudWeight = 0.2;            // an AEO is 5x less likely to be picked as a fraudster
inline constexpr double kNewEntrantShare = 0.04;          // importers registered during the period
inline constexpr double kHonestClosureShare = 0.01;       // importers that close during the period (no fraud)
inline constexpr double kRelatedCompanyShare = 0.10;      // companies sharing a director with another company
inline constexpr double kSharedAddressShare = 0.02;       // companies at a shared business-centre address
inline constexpr double kRegistryOnlyPerImporter = 0.10;  // registry companies that never import

// --- Declarations ------------------------------------------------------------------------------------------
inline constexpr double kItemValueSigma = 1.0;              // log-sd of an item's value around its product's typical
inline constexpr double kTransactionPriceSigma = 0.20;      // honest unit price dispersion (log-sd)
inline constexpr double kImporterPriceSigma = 0.08;         // an importer's own price level (log-sd)
inline constexpr double kOtherOriginShare = 0.02;           // items whose origin is not the supplier's country
inline constexpr double kPreferenceClaimShare = 0.75;       // originating goods that claim their agreement
inline constexpr double kNoTransportDocumentShare = 0.025;  // honest declarations without a document reference
inline constexpr double kDeMinimisUsd = 50.0;               // de minimis: customs value under USD 50 is duty free
inline constexpr double kVatRate = 0.16;                    // VAT on (value + duty), counted in revenue at stake

// Honest clerical noise (creates discrepancies without fraud).
inline constexpr double kPackagesTypoRate = 0.010;          // manifest packages differ a little
inline constexpr double kGrossMassDriftRate = 0.015;        // manifest gross mass 5-12% off
inline constexpr double kSisterConsigneeRate = 0.003;       // consignee is a related company
inline constexpr double kFreightOmittedRate = 0.003;        // customs value built without the freight
inline constexpr double kManifestOtherHeadingRate = 0.005;  // manifest gives another heading of the chapter
inline constexpr double kGrossMassDecimalSlipRate = 0.001;  // gross mass typed 10x too small

// --- Planted fraud mechanisms ------------------------------------------------------------------------------
// 1. Importer-specific undervaluation.
inline constexpr double kUndervaluerShare = 0.03;
inline constexpr int kMinUndervaluers = 8;
inline constexpr double kUndervaluedItemShareMin = 0.3, kUndervaluedItemShareMax = 0.8;
inline constexpr double kUndervaluationFactorMin = 0.3, kUndervaluationFactorMax = 0.6;
// 2. Tariff shifting to a lower-duty neighbour.
inline constexpr double kTariffShifterShare = 0.02;
inline constexpr int kMinTariffShifters = 6;
inline constexpr double kShiftedItemShareMin = 0.3, kShiftedItemShareMax = 0.7;
// 3. Origin laundering of anti-dumping goods from CN through a third country.
inline constexpr double kLaundererShare = 0.01;
inline constexpr int kMinLaunderers = 3;
inline constexpr double kLaunderedShare = 0.7;  // share of the launderer's AD goods routed via the third country
inline constexpr double kLaunderingLoadsInChina = 0.4;  // port of loading still Chinese (transshipment)
inline constexpr double kLaunderingShipperChina = 0.3;  // manifest shipper country still CN
// 4. Phoenix companies.
inline constexpr double kPhoenixShare = 0.003;
inline constexpr int kMinPhoenixes = 2;
// 5. Colluding brokers.
inline constexpr double kFraudsterUsesColludingBroker = 0.35;
inline constexpr double kColludingBrokerExtraFraudRate = 0.15;  // per declaration lodged by the broker
// 6. Split shipments under the de minimis.
inline constexpr double kSplitterShare = 0.005;
inline constexpr int kMinSplitters = 3;
inline constexpr double kSplitterTopShare = 0.15;  // splitters are drawn below the top 15% by volume
inline constexpr double kSplitGroupStart = 0.5;    // share of a splitter's declarations that start a group
inline constexpr int kSplitGroupMin = 3, kSplitGroupMax = 8;
inline constexpr double kSplitValueMin = 0.80, kSplitValueMax = 0.99;  // of the de minimis
// 7. Manifest / declaration mismatches.
inline constexpr double kMismatcherShare = 0.015;
inline constexpr int kMinMismatchers = 5;
inline constexpr double kMismatchShareMin = 0.15, kMismatchShareMax = 0.4;
// Smuggling and prohibited goods.
inline constexpr double kSmugglingRate = 0.0005;  // per declaration

// --- Market-level mechanisms (market.cc) -------------------------------------------------------------------
inline constexpr int kMarketMinDays = 120;  // shorter periods get none: no baseline before, no weeks after
inline constexpr double kMarketStartMin = 0.35, kMarketStartMax = 0.65;  // start, as a share of the period
// 8. A transshipment wave of anti-dumping goods of CN origin declared as of VN, MY or TH.
inline constexpr int kSurgeImporters = 5;  // drawn by volume among metal (24, 25) and wholesale (46) importers
inline constexpr int kSurgeWeeks = 8;
inline constexpr double kSurgeShareOfWeek = 0.006;  // wave declarations a week, as a share of a week's declarations
inline constexpr int kSurgeMinPerWeek = 12;
inline constexpr double kSurgeMaxShare = 0.02;  // of all declarations (small data sets)
// 9. A unit-value collapse of one HS6 x origin, for every importer from its start to the end of the period.
inline constexpr double kCollapseFactorMin = 0.35, kCollapseFactorMax = 0.55;  // declared / true price
inline constexpr int kCollapseCandidates = 10;  // the subject is drawn among the busiest dutiable HS6 x origin
// 10. A burst of new importers in one sector x region.
inline constexpr double kBurstImporterShare = 0.003;  // of the importers
inline constexpr int kMinBurstImporters = 8;
inline constexpr int kBurstRegistrationDays = 7;  // all registered within this many days
inline constexpr int kBurstStartMin = 3, kBurstStartMax = 7;  // first declaration, days after registration
inline constexpr int kBurstDeclarationsMin = 2, kBurstDeclarationsMax = 6;  // each, within 90 days

// --- Controls ----------------------------------------------------------------------------------------------
inline constexpr double kRandomInspectionRate = 0.02;
inline constexpr double kRuleBaseRate = 0.035;  // rule-based selection, score 0
inline constexpr double kRulePerPoint = 0.03;   // ... plus this per point of the legacy risk score
inline constexpr double kRuleMaxRate = 0.6;
inline constexpr double kAeoInspectionFactor = 0.3;
inline constexpr double kSmugglingTipRate = 0.25;             // intelligence tips sending smuggling to red
inline constexpr double kHonestErrorFoundRate = 0.03;         // honest inspected declarations found non-compliant
inline constexpr double kAuditsPerDeclaration = 1.0 / 2'500;  // audits per year = clamp(N / 2500, 6, 400)
inline constexpr int kMinAuditsPerYear = 6, kMaxAuditsPerYear = 400;
inline constexpr double kTargetedAuditShare = 0.4;

// --- Transit -----------------------------------------------------------------------------------------------
inline constexpr double kTransitShare = 0.02;  // of declarations, among those entering where a route starts
inline constexpr int kMaxTransits = 20'000;
inline constexpr double kTransitViolationRate = 0.08;

}  // namespace aduana::gen
