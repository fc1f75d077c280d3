// VEX documents as suppression rules: OpenVEX (0.2.0, and the string forms of 0.0.x) and
// CycloneDX 1.4-1.6 `vulnerabilities[].analysis`, whose `affects` refs are resolved to purls
// through the document's components or taken as purls themselves.
#include <array>
#include <map>

#include <nlohmann/json.hpp>

#include "match/suppression.h"

namespace vigil::match {

namespace {

using nlohmann::json;

constexpr int kMaxComponentDepth = 64;

class VexReader {
 public:
  explicit VexReader(const std::filesystem::path& path) : path_(path.string()) {}

  Error Invalid(const std::string& json_path, const std::string& reason) const {
    return {ErrorCode::kInvalidArgument, path_ + ": " + json_path + ": " + reason};
  }

  // A string member, or an error naming it; `required` false gives "" when absent.
  Result<std::string> String(const json& object, const char* key, const std::string& at, bool required) const {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) return std::unexpected(Invalid(at + "." + key, "missing"));
      return std::string();
    }
    if (!it->is_string()) return std::unexpected(Invalid(at + "." + key, "must be a string"));
    return it->get<std::string>();
  }

  Result<std::vector<SuppressionRule>> OpenVex(const json& doc) const {
    std::vector<SuppressionRule> rules;
    const auto statements = doc.find("statements");
    if (statements == doc.end() || !statements->is_array()) return std::unexpected(Invalid("$.statements", "must be an array"));
    for (std::size_t i = 0; i < statements->size(); ++i) {
      const json& s = (*statements)[i];
      const std::string at = "$.statements[" + std::to_string(i) + "]";
      if (!s.is_object()) return std::unexpected(Invalid(at, "must be an object"));
      auto status = String(s, "status", at, true);
      if (!status) return std::unexpected(status.error());
      static constexpr std::array<std::string_view, 4> kStatuses = {"not_affected", "affected", "fixed", "under_investigation"};
      if (std::ranges::find(kStatuses, *status) == kStatuses.end()) {
        return std::unexpected(Invalid(at + ".status", "\"" + *status + "\" is not an OpenVEX status"));
      }
      if (*status != "not_affected" && *status != "fixed") continue;
      SuppressionRule rule;
      rule.kind = RuleKind::kVex;
      rule.status = *status;
      rule.source = path_ + ": " + at;
      if (auto named = Vulnerability(s, at, rule); !named) return std::unexpected(named.error());
      auto justification = String(s, "justification", at, false);
      auto impact = String(s, "impact_statement", at, false);
      if (!justification) return std::unexpected(justification.error());
      if (!impact) return std::unexpected(impact.error());
      rule.justification = *justification;
      rule.reason = *impact;
      if (auto products = Products(s, at, rule); !products) return std::unexpected(products.error());
      rules.push_back(std::move(rule));
    }
    return rules;
  }

  Result<std::vector<SuppressionRule>> CycloneDx(const json& doc) const {
    std::map<std::string, std::string> purl_of_ref;
    if (const auto components = doc.find("components"); components != doc.end()) CollectPurls(*components, purl_of_ref, 0);
    std::vector<SuppressionRule> rules;
    const auto vulnerabilities = doc.find("vulnerabilities");
    if (vulnerabilities == doc.end()) return rules;
    if (!vulnerabilities->is_array()) return std::unexpected(Invalid("$.vulnerabilities", "must be an array"));
    for (std::size_t i = 0; i < vulnerabilities->size(); ++i) {
      const json& v = (*vulnerabilities)[i];
      const std::string at = "$.vulnerabilities[" + std::to_string(i) + "]";
      if (!v.is_object()) return std::unexpected(Invalid(at, "must be an object"));
      const auto analysis = v.find("analysis");
      if (analysis == v.end()) continue;
      if (!analysis->is_object()) return std::unexpected(Invalid(at + ".analysis", "must be an object"));
      auto state = String(*analysis, "state", at + ".analysis", false);
      if (!state) return std::unexpected(state.error());
      static constexpr std::array<std::string_view, 4> kClearing = {"not_affected", "false_positive", "resolved", "resolved_with_pedigree"};
      if (std::ranges::find(kClearing, *state) == kClearing.end()) continue;
      SuppressionRule rule;
      rule.kind = RuleKind::kVex;
      rule.status = *state;
      rule.source = path_ + ": " + at;
      auto id = String(v, "id", at, true);
      auto justification = String(*analysis, "justification", at + ".analysis", false);
      auto detail = String(*analysis, "detail", at + ".analysis", false);
      if (!id) return std::unexpected(id.error());
      if (!justification) return std::unexpected(justification.error());
      if (!detail) return std::unexpected(detail.error());
      rule.vulnerability = *id;
      rule.justification = *justification;
      rule.reason = *detail;
      if (const auto references = v.find("references"); references != v.end() && references->is_array()) {
        for (const auto& reference : *references) {
          if (reference.is_object() && reference.contains("id") && reference["id"].is_string()) {
            rule.vuln_aliases.push_back(reference["id"].get<std::string>());
          }
        }
      }
      const auto affects = v.find("affects");
      if (affects != v.end()) {
        if (!affects->is_array()) return std::unexpected(Invalid(at + ".affects", "must be an array"));
        for (std::size_t j = 0; j < affects->size(); ++j) {
          const std::string affects_at = at + ".affects[" + std::to_string(j) + "]";
          if (!(*affects)[j].is_object()) return std::unexpected(Invalid(affects_at, "must be an object"));
          auto ref = String((*affects)[j], "ref", affects_at, true);
          if (!ref) return std::unexpected(ref.error());
          rule.packages.push_back(ResolveRef(*ref, purl_of_ref));
        }
      }
      rules.push_back(std::move(rule));
    }
    return rules;
  }

 private:
  // OpenVEX 0.2.0 names the vulnerability in an object; 0.0.x as a plain string.
  Result<void> Vulnerability(const json& s, const std::string& at, SuppressionRule& rule) const {
    const auto v = s.find("vulnerability");
    if (v != s.end() && v->is_string()) {
      rule.vulnerability = v->get<std::string>();
      return {};
    }
    if (v == s.end() || !v->is_object()) return std::unexpected(Invalid(at + ".vulnerability", "missing"));
    auto name = String(*v, "name", at + ".vulnerability", true);
    if (!name) return std::unexpected(name.error());
    rule.vulnerability = *name;
    if (const auto aliases = v->find("aliases"); aliases != v->end() && aliases->is_array()) {
      for (const auto& alias : *aliases) {
        if (alias.is_string()) rule.vuln_aliases.push_back(alias.get<std::string>());
      }
    }
    return {};
  }

  // The packages a statement names: its subcomponents when it lists them (the product is then the
  // image or application containing them), else the products themselves.
  Result<void> Products(const json& s, const std::string& at, SuppressionRule& rule) const {
    const auto products = s.find("products");
    if (products == s.end()) return {};
    if (!products->is_array()) return std::unexpected(Invalid(at + ".products", "must be an array"));
    std::vector<std::string> named_products;
    for (const auto& product : *products) {
      const auto subcomponents = product.is_object() ? product.find("subcomponents") : product.end();
      if (subcomponents != product.end() && subcomponents->is_array() && !subcomponents->empty()) {
        for (const auto& sub : *subcomponents) AddIdentifier(sub, rule.packages);
      } else {
        AddIdentifier(product, named_products);
      }
    }
    if (rule.packages.empty()) rule.packages = std::move(named_products);
    // A product list that names nothing vigil can read must not widen the rule to every package.
    if (!products->empty() && rule.packages.empty()) rule.packages.push_back("(unidentified product)");
    return {};
  }

  static void AddIdentifier(const json& component, std::vector<std::string>& out) {
    if (component.is_string()) {
      out.push_back(component.get<std::string>());
      return;
    }
    if (!component.is_object()) return;
    if (const auto identifiers = component.find("identifiers"); identifiers != component.end() && identifiers->is_object()) {
      if (const auto purl = identifiers->find("purl"); purl != identifiers->end() && purl->is_string()) {
        out.push_back(purl->get<std::string>());
        return;
      }
    }
    if (const auto id = component.find("@id"); id != component.end() && id->is_string()) out.push_back(id->get<std::string>());
  }

  static void CollectPurls(const json& components, std::map<std::string, std::string>& out, int depth) {
    if (!components.is_array() || depth > kMaxComponentDepth) return;
    for (const auto& c : components) {
      if (!c.is_object()) continue;
      const auto ref = c.find("bom-ref");
      const auto purl = c.find("purl");
      if (ref != c.end() && ref->is_string() && purl != c.end() && purl->is_string()) out[ref->get<std::string>()] = purl->get<std::string>();
      if (const auto nested = c.find("components"); nested != c.end()) CollectPurls(*nested, out, depth + 1);
    }
  }

  // A bom-ref of this document, a BOM-Link ("urn:cdx:serial/version#bom-ref") into the SBOM it
  // describes, or a purl written directly as the ref.
  static std::string ResolveRef(const std::string& ref, const std::map<std::string, std::string>& purl_of_ref) {
    std::string local = ref;
    if (ref.starts_with("urn:cdx:")) {
      const auto hash = ref.find('#');
      local = hash == std::string::npos ? std::string() : PercentDecode(ref.substr(hash + 1));
    }
    const auto known = purl_of_ref.find(local);
    return known != purl_of_ref.end() ? known->second : local;
  }

  static std::string PercentDecode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
      if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
        out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
        i += 2;
      } else {
        out.push_back(text[i]);
      }
    }
    return out;
  }

  std::string path_;
};

}  // namespace

Result<std::vector<SuppressionRule>> ParseVex(std::string_view text, const std::filesystem::path& path) {
  const VexReader reader(path);
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Fail(ErrorCode::kInvalidArgument, path.string() + ": not valid JSON (VEX documents are read as JSON)");
  if (!doc.is_object()) return std::unexpected(reader.Invalid("$", "must be an object"));
  const auto context = doc.find("@context");
  if (context != doc.end() && context->is_string() && context->get<std::string>().starts_with("https://openvex.dev/ns")) {
    return reader.OpenVex(doc);
  }
  const auto format = doc.find("bomFormat");
  if (format != doc.end() && format->is_string() && format->get<std::string>() == "CycloneDX") return reader.CycloneDx(doc);
  return Fail(ErrorCode::kInvalidArgument, path.string() + ": neither an OpenVEX document (@context https://openvex.dev/ns/…) nor a CycloneDX one (bomFormat CycloneDX)");
}

}  // namespace vigil::match
