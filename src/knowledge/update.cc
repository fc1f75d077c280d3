#include "knowledge/update.h"

#include <curl/curl.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "version/registry.h"

namespace vigil::knowledge {
namespace {

namespace fs = std::filesystem;

constexpr long kConnectTimeoutSeconds = 30;
constexpr long kLowSpeedBytesPerSecond = 1024;
constexpr long kLowSpeedSeconds = 60;
constexpr long kHttpOk = 200;
constexpr long kHttpNotModified = 304;

// The default ecosystems: every OSV ecosystem whose versions vigil orders exactly.
const std::vector<std::string> kDefaultEcosystems = {
    "AlmaLinux", "Alpine", "crates.io", "CRAN", "Debian", "Go", "Hackage", "Hex", "Maven", "npm",
    "NuGet", "Packagist", "Pub", "PyPI", "Red Hat", "Rocky Linux", "RubyGems", "SUSE", "SwiftURL", "Ubuntu"};

struct Validators {
  std::string etag;
  std::string last_modified;
};

Validators ReadValidators(const fs::path& path) {
  Validators v;
  std::ifstream in(path);
  std::getline(in, v.etag);
  std::getline(in, v.last_modified);
  return v;
}

Result<void> WriteValidators(const fs::path& path, const Validators& v) {
  const fs::path temp = path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << v.etag << '\n' << v.last_modified << '\n';
    if (!out.flush()) return Fail(ErrorCode::kUnavailable, temp.string() + ": cannot write");
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, path.string() + ": cannot write: " + ec.message());
  return {};
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

struct Transfer {
  std::FILE* file = nullptr;
  Validators received;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  return std::fwrite(data, size, count, transfer->file) * size;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "etag") transfer->received.etag = Trim(line.substr(colon + 1));
    if (name == "last-modified") transfer->received.last_modified = Trim(line.substr(colon + 1));
  }
  return size * count;
}

enum class Fetched : std::uint8_t { kDownloaded, kNotModified };

// Downloads `url` to `destination` unless the server says it has not changed since `known`.
Result<Fetched> Download(const std::string& url, const fs::path& destination, const Validators& known,
                         Validators& received) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Fail(ErrorCode::kInternal, "cannot initialise libcurl");
  const fs::path temp = destination.string() + ".part";
  Transfer transfer;
  transfer.file = std::fopen(temp.c_str(), "wb");
  if (transfer.file == nullptr) return Fail(ErrorCode::kUnavailable, temp.string() + ": cannot create");

  curl_slist* headers = nullptr;
  if (!known.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + known.etag).c_str());
  if (!known.last_modified.empty()) {
    headers = curl_slist_append(headers, ("If-Modified-Since: " + known.last_modified).c_str());
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytesPerSecond);
  curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "vigil");
  const CURLcode code = curl_easy_perform(curl.get());
  const bool flushed = std::fclose(transfer.file) == 0;
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);

  std::error_code ec;
  if (code != CURLE_OK || !flushed || (status != kHttpOk && status != kHttpNotModified)) {
    fs::remove(temp, ec);
    const std::string reason = code != CURLE_OK ? (error[0] != '\0' ? error : curl_easy_strerror(code))
                               : !flushed       ? "cannot write the download"
                                                : "HTTP status " + std::to_string(status);
    return Fail(ErrorCode::kUnavailable, url + ": " + reason);
  }
  if (status == kHttpNotModified) {
    fs::remove(temp, ec);
    return Fetched::kNotModified;
  }
  fs::rename(temp, destination, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, destination.string() + ": cannot replace: " + ec.message());
  received = transfer.received;
  return Fetched::kDownloaded;
}

struct Planned {
  std::string name;  // how the source is named in the store and in messages
  std::string url;   // empty for a mirror directory
  fs::path path;     // where the file is (downloaded to)
};

std::string SafeFileName(std::string_view name) {
  std::string out;
  for (const char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-') ? c : '_';
  return out;
}

bool IsUrl(std::string_view s) { return s.find("://") != std::string_view::npos; }

}  // namespace

Result<UpdateResult> Update(AdvisoryDb& db, const UpdateOptions& options, const ImportProgress& progress) {
  static const bool curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!curl_ready) return Fail(ErrorCode::kInternal, "cannot initialise libcurl");

  const std::string base = options.mirror.empty() ? std::string(kOsvBucket) : options.mirror;
  const bool local_mirror = !IsUrl(base);
  const auto& ecosystems = options.ecosystems.empty() ? kDefaultEcosystems : options.ecosystems;
  const fs::path downloads = db.home() / "downloads";
  std::error_code ec;
  fs::create_directories(downloads, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, downloads.string() + ": cannot create: " + ec.message());

  std::vector<Planned> plan;
  for (const auto& ecosystem : ecosystems) {
    if (!version::SchemeForEcosystem(ecosystem)) {
      return Fail(ErrorCode::kInvalidArgument, "ecosystem '" + ecosystem + "' has no version semantics in vigil");
    }
    if (local_mirror) {
      const fs::path path = fs::path(base) / ecosystem / "all.zip";
      plan.push_back({path.string(), "", path});
    } else {
      const std::string url = base + "/" + ecosystem + "/all.zip";
      plan.push_back({url, url, downloads / (SafeFileName(ecosystem) + "-all.zip")});
    }
  }
  const auto feed = [&](const std::optional<std::string>& chosen, std::string_view fallback, std::string_view file) {
    const std::string url = chosen ? *chosen : options.mirror.empty() ? std::string(fallback) : "";
    if (url.empty()) return;
    if (IsUrl(url)) {
      plan.push_back({url, url, downloads / file});
    } else {
      plan.push_back({url, "", url});
    }
  };
  feed(options.kev_url, kKevUrl, "known_exploited_vulnerabilities.json");
  feed(options.epss_url, kEpssUrl, "epss_scores-current.csv.gz");

  UpdateResult result;
  const bool have_snapshot = fs::exists(db.snapshot_path(), ec);
  std::vector<fs::path> to_import;
  std::vector<std::string> names;
  std::vector<std::pair<fs::path, Validators>> to_record;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const auto& item = plan[i];
    if (item.url.empty()) {
      if (!fs::exists(item.path, ec)) {
        result.failures.push_back({ErrorCode::kNotFound, item.name + ": not found in the mirror"});
        continue;
      }
      to_import.push_back(item.path);
      names.push_back(item.name);
      result.downloads.push_back(item.name + ": read from the mirror directory");
      continue;
    }
    const fs::path meta = item.path.string() + ".validators";
    Validators known = fs::exists(item.path, ec) ? ReadValidators(meta) : Validators{};
    Validators received;
    auto fetched = Download(item.url, item.path, known, received);
    if (progress) progress(i + 1, plan.size());
    if (!fetched) {
      result.failures.push_back(fetched.error());
      continue;
    }
    if (*fetched == Fetched::kNotModified) {
      result.downloads.push_back(item.name + ": not modified");
      if (have_snapshot) continue;
    } else {
      result.downloads.push_back(item.name + ": downloaded");
      to_record.emplace_back(meta, received);
    }
    to_import.push_back(item.path);
    names.push_back(item.name);
  }

  auto summary = db.Import(to_import, {}, names);
  if (!summary) return std::unexpected(summary.error());
  result.import = std::move(*summary);
  for (const auto& [meta, validators] : to_record) {
    if (auto written = WriteValidators(meta, validators); !written) result.failures.push_back(written.error());
  }
  return result;
}

}  // namespace vigil::knowledge
