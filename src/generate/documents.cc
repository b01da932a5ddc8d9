// Transport documents (manifest lines, bills of lading, air waybills, consignment notes, postal items) built
// from the true shipment, and the honest clerical noise between them and the declarations.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "generate/draft.h"
#include "generate/parameters.h"
#include "generate/text.h"

namespace aduana::gen {
namespace {

constexpr double kContainerCapacityKg = 18'000;
constexpr int kMaxContainers = 6;
constexpr double kManifestHsShare = 0.6;  // carriers that give an HS code on the manifest

std::string_view DocumentType(int mode) {
  switch (mode) {
    case kSea:
      return "BL";
    case kAir:
      return "AWB";
    case kRail:
      return "RWB";
    case kPost:
      return "PN";
    default:
      return "CMR";
  }
}

// ISO 6346: owner code (3 letters) + category U + 6-digit serial + check digit.
std::string ContainerNumber(std::string_view owner, int serial) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3sU%06d", std::string(owner).c_str(), serial % 1'000'000);
  constexpr std::array<int, 26> kLetterValue = {10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24,
                                                25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38};
  int sum = 0;
  for (int i = 0; i < 10; ++i) {
    char c = buf[i];
    int value = c >= '0' && c <= '9' ? c - '0' : kLetterValue[static_cast<size_t>(c - 'A')];
    sum += value << i;
  }
  std::string number(buf, 10);
  number.push_back(static_cast<char>('0' + (sum % 11) % 10));
  return number;
}

// IMO ship identification number: six digits and a check digit (weights 7..2, mod 10).
std::string ImoNumber(uint64_t hash) {
  int base = 900'000 + static_cast<int>(hash % 90'000);
  int digits[6];
  for (int i = 5, b = base; i >= 0; --i, b /= 10) digits[i] = b % 10;
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += digits[i] * (7 - i);
  char buf[16];
  std::snprintf(buf, sizeof buf, "IMO%06d%d", base, sum % 10);
  return buf;
}

// UPU S10 postal item identifier check digit (weights 8 6 4 2 3 5 9 7).
int S10CheckDigit(int serial) {
  constexpr std::array<int, 8> kWeights = {8, 6, 4, 2, 3, 5, 9, 7};
  int digits[8];
  for (int i = 7, s = serial; i >= 0; --i, s /= 10) digits[i] = s % 10;
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += digits[i] * kWeights[static_cast<size_t>(i)];
  int check = 11 - sum % 11;
  return check == 10 ? 0 : check == 11 ? 5 : check;
}

UnixMillis ArrivalBefore(UnixMillis lodged_at, int mode, Rng& rng) {
  constexpr UnixMillis kHour = 3'600'000;
  double hours = mode == kSea    ? rng.Uniform(24, 240)
                 : mode == kAir  ? rng.Uniform(3, 48)
                 : mode == kPost ? rng.Uniform(24, 240)
                                 : rng.Uniform(0.5, 8);
  UnixMillis arrival = lodged_at - static_cast<UnixMillis>(hours * static_cast<double>(kHour));
  return arrival - arrival % 60'000;  // carriers record whole minutes
}

}  // namespace

std::string DeclarationBuilder::DocumentId(const Carrier& carrier, int mode, int origin) {
  int64_t n = ++document_counter_;
  int offset = static_cast<int>(seed_ % 1'000'000);
  char buf[40];
  switch (mode) {
    case kSea:
      std::snprintf(buf, sizeof buf, "%s%010lld", carrier.code.c_str(), static_cast<long long>(n + offset));
      break;
    case kAir: {
      int serial = static_cast<int>((n + offset) % 10'000'000);
      std::snprintf(buf, sizeof buf, "%s-%07d%d", carrier.code.c_str(), serial, serial % 7);
      break;
    }
    case kPost: {
      int serial = static_cast<int>((n + offset) % 100'000'000);
      std::snprintf(buf, sizeof buf, "LX%08d%d%s", serial, S10CheckDigit(serial),
                    std::string(CountryCode(origin)).c_str());
      break;
    }
    case kRail:
      std::snprintf(buf, sizeof buf, "%sRW%09lld", carrier.code.c_str(), static_cast<long long>(n + offset));
      break;
    default:
      std::snprintf(buf, sizeof buf, "CMR-%s-%09lld", carrier.code.c_str(), static_cast<long long>(n + offset));
  }
  return buf;
}

void DeclarationBuilder::BuildDocument(DeclarationDraft& d) {
  Declaration& decl = d.declaration;
  TransportDocument& doc = d.document;
  int mode = decl.transport_mode;
  const std::vector<int>& carriers = carriers_by_mode_[static_cast<size_t>(mode)];
  const Carrier& carrier = world_.parties.carriers[static_cast<size_t>(carriers[rng_.Index(carriers.size())])];
  const Supplier& supplier = world_.parties.suppliers[static_cast<size_t>(d.supplier)];
  doc.transport_document_id = DocumentId(carrier, mode, supplier.country);
  doc.document_type = std::string(DocumentType(mode));
  doc.carrier_id = world_.parties.companies[static_cast<size_t>(carrier.company)].company_id;
  doc.transport_mode = mode;
  doc.port_of_loading = decl.port_of_loading;
  doc.port_of_discharge = decl.port_of_entry;
  doc.consignee_id = decl.importer_id;
  doc.shipper_name = supplier.name;
  doc.shipper_country = decl.supplier_country;
  const Product& first = world_.catalogue.product(static_cast<size_t>(d.truth.front().product));
  doc.packages = 0;
  for (const ItemTruth& item : d.truth) doc.packages += item.packages_true;
  doc.goods_description = mode == kSea ? Concat("STC ", doc.packages, " PACKAGES ", first.manifest_description)
                                       : first.manifest_description;
  if (rng_.Chance(kManifestHsShare)) doc.hs_code = rng_.Chance(0.7) ? first.hs6.substr(0, 4) : first.hs6;
  uint64_t week = static_cast<uint64_t>(d.day / 7);
  if (mode == kSea) {
    doc.conveyance_id = ImoNumber(HashValues(static_cast<uint64_t>(carrier.company), week % 6));
    int containers =
        std::clamp(static_cast<int>(std::ceil(doc.gross_mass_kg / kContainerCapacityKg)), 1, kMaxContainers);
    for (int c = 0; c < containers; ++c) {
      doc.container_ids.push_back(ContainerNumber(carrier.container_owner, static_cast<int>(rng_.Int(0, 999'999))));
    }
  } else if (mode == kAir) {
    char flight[16];
    std::snprintf(flight, sizeof flight, "FL%04d",
                  static_cast<int>(HashValues(static_cast<uint64_t>(carrier.company), week) % 9000) + 100);
    doc.conveyance_id = flight;
  } else if (mode == kRoad || mode == kRail) {
    char plate[16];
    std::snprintf(plate, sizeof plate, "%s-%05d", carrier.code.c_str(), static_cast<int>(rng_.Int(0, 99'999)));
    doc.conveyance_id = plate;
  }
  doc.arrived_at = ArrivalBefore(decl.lodged_at, mode, rng_);
  decl.transport_document_id = doc.transport_document_id;
}

void DeclarationBuilder::AddHonestNoise(DeclarationDraft& d) {
  Declaration& decl = d.declaration;
  TransportDocument& doc = d.document;
  if (d.mismatch_kind.empty() && rng_.Chance(kNoTransportDocumentShare)) {
    decl.transport_document_id.clear();
    d.document_filed = false;
    return;
  }
  if (rng_.Chance(kPackagesTypoRate))
    doc.packages = std::max<int64_t>(1, doc.packages + (rng_.Chance(0.5) ? 1 : -1) * rng_.Int(1, 3));
  if (rng_.Chance(kGrossMassDriftRate)) {
    doc.gross_mass_kg =
        std::round(doc.gross_mass_kg * (1 + (rng_.Chance(0.5) ? 1 : -1) * rng_.Uniform(0.05, 0.12)) * 100) / 100;
  }
  int company = world_.parties.importers[static_cast<size_t>(d.importer)].company;
  int related = world_.parties.related[static_cast<size_t>(company)];
  if (related >= 0 && rng_.Chance(kSisterConsigneeRate)) {
    doc.consignee_id = world_.parties.companies[static_cast<size_t>(related)].company_id;
  }
  if (!doc.hs_code.empty() && d.mismatch_kind.empty() && rng_.Chance(kManifestOtherHeadingRate)) {
    const Product& first = world_.catalogue.product(static_cast<size_t>(d.truth.front().product));
    for (size_t p = 0; p < world_.catalogue.size(); ++p) {
      const Product& other = world_.catalogue.product(p);
      if (other.chapter == first.chapter && other.hs6.compare(0, 4, first.hs6, 0, 4) != 0) {
        doc.hs_code = other.hs6.substr(0, 4);
        break;
      }
    }
  }
  if (rng_.Chance(kGrossMassDecimalSlipRate)) decl.gross_mass_kg = std::round(decl.gross_mass_kg * 10) / 100;
}

}  // namespace aduana::gen
