#include "knowledge/osv/parser.h"

#include <simdjson.h>

#include <cstring>
#include <string>
#include <utility>

#include "core/time.h"

namespace vigil::knowledge::osv {
namespace {

namespace od = simdjson::ondemand;

static_assert(kJsonPadding == simdjson::SIMDJSON_PADDING, "kJsonPadding must match simdjson's padding");

// A record larger than this is not an OSV record; it bounds the parser's memory per input.
constexpr std::size_t kMaxRecordBytes = std::size_t{64} << 20;
// Enough of a bad value to recognise it in an error message without echoing hostile input.
constexpr std::size_t kMaxQuoted = 64;

// Where a value sits in the record; rendered only when an error is reported, so a successful
// parse builds no path strings. Nodes live on the stack of the recursive descent.
struct PathNode {
  const PathNode* parent = nullptr;
  std::string_view key;   // field name, or empty for an array element
  std::size_t index = 0;  // array index when key is empty
};

void RenderPath(const PathNode* node, std::string& out) {
  if (node == nullptr) return;
  RenderPath(node->parent, out);
  if (!node->key.empty()) {
    if (!out.empty()) out += '.';
    out += node->key;
  } else {
    out += '[';
    out += std::to_string(node->index);
    out += ']';
  }
}

std::string Quote(std::string_view text) {
  std::string quoted = "\"";
  quoted += text.substr(0, kMaxQuoted);
  quoted += text.size() > kMaxQuoted ? "…\"" : "\"";
  return quoted;
}

// simdjson's messages end with a period, which reads badly before " at byte N".
std::string Reason(simdjson::error_code code) {
  std::string reason = simdjson::error_message(code);
  if (reason.ends_with('.')) reason.pop_back();
  return reason;
}

std::unexpected<Error> FailAt(const PathNode* at, std::string_view reason) {
  std::string message;
  RenderPath(at, message);
  if (message.empty()) message = "record";
  message += ": ";
  message += reason;
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

// A wrong JSON type is the record's fault at `at`; anything else is malformed JSON, for which
// Impl::Parse appends the byte offset.
std::unexpected<Error> JsonFail(const PathNode* at, simdjson::error_code code, std::string_view expected) {
  if (code == simdjson::INCORRECT_TYPE) return FailAt(at, std::string("expected ") + std::string(expected));
  return FailAt(at, "malformed JSON: " + Reason(code));
}

Result<void> ReadString(od::value& value, const PathNode& at, std::string& out) {
  std::string_view text;
  if (auto error = value.get_string().get(text)) return JsonFail(&at, error, "a string");
  out.assign(text);
  return {};
}

Result<void> ReadTimestamp(od::value& value, const PathNode& at, std::string& out) {
  if (auto read = ReadString(value, at, out); !read) return read;
  if (auto parsed = ParseRfc3339(out); !parsed) return FailAt(&at, parsed.error().message);
  return {};
}

// Free-form objects are kept as their JSON text; the consumers that care parse them later.
Result<void> ReadRawObject(od::value& value, const PathNode& at, std::string& out) {
  od::object object;
  if (auto error = value.get_object().get(object)) return JsonFail(&at, error, "an object");
  std::string_view raw;
  if (auto error = object.raw_json().get(raw)) return JsonFail(&at, error, "an object");
  out.assign(raw);
  return {};
}

// Calls on_field(key, value, path) for each field of an object value.
template <class OnField>
Result<void> ForEachField(od::object& object, const PathNode* at, OnField&& on_field) {
  for (auto field_result : object) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return JsonFail(at, error, "an object");
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return JsonFail(at, error, "a field name");
    const PathNode node{at, key.empty() ? std::string_view("\"\"") : key, 0};
    od::value value = field.value();
    if (auto done = on_field(key, value, node); !done) return done;
  }
  return {};
}

template <class OnField>
Result<void> ForEachField(od::value& value, const PathNode& at, OnField&& on_field) {
  od::object object;
  if (auto error = value.get_object().get(object)) return JsonFail(&at, error, "an object");
  return ForEachField(object, &at, std::forward<OnField>(on_field));
}

// Calls on_element(value, path) for each element of an array value; returns the element count.
template <class OnElement>
Result<std::size_t> ForEachElement(od::value& value, const PathNode& at, OnElement&& on_element) {
  od::array array;
  if (auto error = value.get_array().get(array)) return JsonFail(&at, error, "an array");
  std::size_t index = 0;
  for (auto element_result : array) {
    od::value element;
    if (auto error = std::move(element_result).get(element)) return JsonFail(&at, error, "an array");
    const PathNode node{&at, {}, index};
    if (auto done = on_element(element, node); !done) return std::unexpected(std::move(done.error()));
    ++index;
  }
  return index;
}

Result<void> ReadStrings(od::value& value, const PathNode& at, std::vector<std::string>& out) {
  out.clear();
  auto count = ForEachElement(value, at, [&](od::value& element, const PathNode& node) -> Result<void> {
    return ReadString(element, node, out.emplace_back());
  });
  if (!count) return std::unexpected(std::move(count.error()));
  return {};
}

template <class T, class ReadOne>
Result<void> ReadObjects(od::value& value, const PathNode& at, std::vector<T>& out, ReadOne read_one) {
  out.clear();
  auto count = ForEachElement(value, at, [&](od::value& element, const PathNode& node) -> Result<void> {
    return read_one(element, node, out.emplace_back());
  });
  if (!count) return std::unexpected(std::move(count.error()));
  return {};
}

Result<void> Require(bool present, const PathNode& at, std::string_view field) {
  if (present) return {};
  const PathNode node{&at, field, 0};
  return FailAt(&node, "missing");
}

Result<void> ReadSeverity(od::value& value, const PathNode& at, Severity& out) {
  bool has_type = false;
  bool has_score = false;
  auto read = ForEachField(value, at,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "type") {
                               has_type = true;
                               return ReadString(field, node, out.type);
                             }
                             if (key == "score") {
                               has_score = true;
                               return ReadString(field, node, out.score);
                             }
                             return Result<void>{};
                           });
  if (!read) return read;
  if (auto ok = Require(has_type, at, "type"); !ok) return ok;
  return Require(has_score, at, "score");
}

Result<void> ReadEvent(od::value& value, const PathNode& at, Event& out) {
  bool seen = false;
  auto read = ForEachField(value, at,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "introduced") {
                               out.kind = EventKind::kIntroduced;
                             } else if (key == "fixed") {
                               out.kind = EventKind::kFixed;
                             } else if (key == "last_affected") {
                               out.kind = EventKind::kLastAffected;
                             } else if (key == "limit") {
                               out.kind = EventKind::kLimit;
                             } else {
                               return FailAt(&at, "unknown event " + Quote(key));
                             }
                             if (seen) return FailAt(&at, "more than one event in one object");
                             seen = true;
                             return ReadString(field, node, out.version);
                           });
  if (!read) return read;
  if (!seen) return FailAt(&at, "empty event");
  return {};
}

Result<void> ReadRange(od::value& value, const PathNode& at, Range& out) {
  bool has_type = false;
  bool has_events = false;
  auto read = ForEachField(value, at,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "type") {
                               has_type = true;
                               std::string_view type;
                               if (auto error = field.get_string().get(type))
                                 return JsonFail(&node, error, "a string");
                               if (type == "ECOSYSTEM") {
                                 out.type = RangeType::kEcosystem;
                               } else if (type == "SEMVER") {
                                 out.type = RangeType::kSemver;
                               } else if (type == "GIT") {
                                 out.type = RangeType::kGit;
                               } else {
                                 return FailAt(&node, "unknown range type " + Quote(type));
                               }
                               return Result<void>{};
                             }
                             if (key == "repo") return ReadString(field, node, out.repo);
                             if (key == "events") {
                               has_events = true;
                               return ReadObjects(field, node, out.events, ReadEvent);
                             }
                             if (key == "database_specific")
                               return ReadRawObject(field, node, out.database_specific);
                             return Result<void>{};
                           });
  if (!read) return read;
  if (auto ok = Require(has_type, at, "type"); !ok) return ok;
  if (auto ok = Require(has_events, at, "events"); !ok) return ok;
  if (out.events.empty()) {
    const PathNode node{&at, "events", 0};
    return FailAt(&node, "empty (a range needs at least one event)");
  }
  if (out.type == RangeType::kGit && out.repo.empty()) {
    const PathNode node{&at, "repo", 0};
    return FailAt(&node, "missing (required for GIT ranges)");
  }
  return {};
}

Result<void> ReadPackage(od::value& value, const PathNode& at, Package& out) {
  bool has_ecosystem = false;
  bool has_name = false;
  auto read = ForEachField(value, at,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "ecosystem") {
                               has_ecosystem = true;
                               return ReadString(field, node, out.ecosystem);
                             }
                             if (key == "name") {
                               has_name = true;
                               return ReadString(field, node, out.name);
                             }
                             if (key == "purl") return ReadString(field, node, out.purl);
                             return Result<void>{};
                           });
  if (!read) return read;
  if (auto ok = Require(has_ecosystem, at, "ecosystem"); !ok) return ok;
  return Require(has_name, at, "name");
}

Result<void> ReadAffected(od::value& value, const PathNode& at, Affected& out) {
  return ForEachField(value, at,
                      [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                        if (key == "package") return ReadPackage(field, node, out.package);
                        if (key == "severity") return ReadObjects(field, node, out.severity, ReadSeverity);
                        if (key == "ranges") return ReadObjects(field, node, out.ranges, ReadRange);
                        if (key == "versions") return ReadStrings(field, node, out.versions);
                        if (key == "ecosystem_specific")
                          return ReadRawObject(field, node, out.ecosystem_specific);
                        if (key == "database_specific")
                          return ReadRawObject(field, node, out.database_specific);
                        return Result<void>{};
                      });
}

Result<void> ReadReference(od::value& value, const PathNode& at, Reference& out) {
  bool has_type = false;
  bool has_url = false;
  auto read = ForEachField(value, at,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "type") {
                               has_type = true;
                               return ReadString(field, node, out.type);
                             }
                             if (key == "url") {
                               has_url = true;
                               return ReadString(field, node, out.url);
                             }
                             return Result<void>{};
                           });
  if (!read) return read;
  if (auto ok = Require(has_type, at, "type"); !ok) return ok;
  return Require(has_url, at, "url");
}

Result<void> ReadCredit(od::value& value, const PathNode& at, Credit& out) {
  bool has_name = false;
  auto read = ForEachField(value, at,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "name") {
                               has_name = true;
                               return ReadString(field, node, out.name);
                             }
                             if (key == "contact") return ReadStrings(field, node, out.contact);
                             if (key == "type") return ReadString(field, node, out.type);
                             return Result<void>{};
                           });
  if (!read) return read;
  return Require(has_name, at, "name");
}

Result<void> ReadRecord(od::object& object, Record& out) {
  bool has_id = false;
  bool has_modified = false;
  auto read = ForEachField(object, nullptr,
                           [&](std::string_view key, od::value& field, const PathNode& node) -> Result<void> {
                             if (key == "id") {
                               has_id = true;
                               return ReadString(field, node, out.id);
                             }
                             if (key == "modified") {
                               has_modified = true;
                               return ReadTimestamp(field, node, out.modified);
                             }
                             if (key == "schema_version") return ReadString(field, node, out.schema_version);
                             if (key == "published") return ReadTimestamp(field, node, out.published);
                             if (key == "withdrawn") return ReadTimestamp(field, node, out.withdrawn);
                             if (key == "aliases") return ReadStrings(field, node, out.aliases);
                             if (key == "upstream") return ReadStrings(field, node, out.upstream);
                             if (key == "related") return ReadStrings(field, node, out.related);
                             if (key == "summary") return ReadString(field, node, out.summary);
                             if (key == "details") return ReadString(field, node, out.details);
                             if (key == "severity")
                               return ReadObjects(field, node, out.severity, ReadSeverity);
                             if (key == "affected")
                               return ReadObjects(field, node, out.affected, ReadAffected);
                             if (key == "references")
                               return ReadObjects(field, node, out.references, ReadReference);
                             if (key == "credits") return ReadObjects(field, node, out.credits, ReadCredit);
                             if (key == "database_specific")
                               return ReadRawObject(field, node, out.database_specific);
                             return Result<void>{};
                           });
  if (!read) return read;
  const PathNode id_node{nullptr, "id", 0};
  if (!has_id) return FailAt(&id_node, "missing");
  if (out.id.empty()) return FailAt(&id_node, "empty");
  const PathNode modified_node{nullptr, "modified", 0};
  if (!has_modified) return FailAt(&modified_node, "missing");
  return {};
}

}  // namespace

struct OsvParser::Impl {
  od::parser parser{kMaxRecordBytes};
  std::string padded;  // reused copy of unpadded input; grows to the largest record seen

  Result<Record> Parse(std::string_view json, Padding padding) {
    if (json.size() > kMaxRecordBytes) {
      return Fail(ErrorCode::kInvalidArgument, "record: " + std::to_string(json.size()) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(kMaxRecordBytes));
    }
    const char* base = json.data();
    std::size_t capacity = json.size() + simdjson::SIMDJSON_PADDING;
    if (padding == Padding::kNone) {
      if (padded.size() < capacity) padded.resize(capacity);
      if (!json.empty()) std::memcpy(padded.data(), json.data(), json.size());
      base = padded.data();
      capacity = padded.size();
    }
    od::document doc;
    if (auto error = parser.iterate(base, json.size(), capacity).get(doc)) {
      return Fail(ErrorCode::kInvalidArgument, "record: malformed JSON: " + Reason(error));
    }
    Record record;
    Result<void> read;
    od::object object;
    if (auto error = doc.get_object().get(object)) {
      read = JsonFail(nullptr, error, "a JSON object");
    } else {
      read = ReadRecord(object, record);
    }
    // simdjson 3.0 has no document::at_end(): a current location after the object means more tokens.
    if (const char* next = nullptr; read && doc.current_location().get(next) == simdjson::SUCCESS) {
      return Fail(ErrorCode::kInvalidArgument,
                  "record: malformed JSON: trailing content at byte " + std::to_string(next - base));
    }
    if (!read) {
      // Syntax errors surface lazily wherever the descent was; say where simdjson stopped.
      if (read.error().message.find("malformed JSON") != std::string::npos) {
        const char* location = nullptr;
        if (!doc.current_location().get(location) && location >= base && location <= base + json.size()) {
          read.error().message += " at byte " + std::to_string(location - base);
        }
      }
      return std::unexpected(std::move(read.error()));
    }
    return record;
  }
};

OsvParser::OsvParser() : impl_(std::make_unique<Impl>()) {}
OsvParser::~OsvParser() = default;
OsvParser::OsvParser(OsvParser&&) noexcept = default;
OsvParser& OsvParser::operator=(OsvParser&&) noexcept = default;

Result<Record> OsvParser::Parse(std::string_view json, Padding padding) {
  return impl_->Parse(json, padding);
}

}  // namespace vigil::knowledge::osv
