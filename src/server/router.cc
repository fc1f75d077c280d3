// Route lookup by segment-wise pattern matching and request-target parsing.
#include "server/router.h"

namespace vigil::server {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<Target> ParseTarget(std::string_view target) {
  Target out;
  const std::size_t question = target.find('?');
  // The path stays encoded so that an escaped '/' inside a segment does not split it.
  out.path = std::string(target.substr(0, question));
  if (out.path.empty() || out.path.front() != '/' || !PercentDecode(out.path, false)) return std::nullopt;
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out.query[*key] = std::move(*value);
  }
  return out;
}

Router::Found Router::Find(std::string_view method, std::string_view path) const {
  const auto path_segments = Segments(path);
  Found found;
  for (const auto& route : routes_) {
    const auto pattern = Segments(route.pattern);
    if (pattern.size() != path_segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) {
      const std::string segment = PercentDecode(path_segments[i], false).value_or("");
      if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
        if (segment.empty())
          match = false;
        else
          params[std::string(pattern[i].substr(1, pattern[i].size() - 2))] = segment;
      } else {
        match = pattern[i] == segment;
      }
    }
    if (!match) continue;
    if (route.method != method) {
      found.wrong_method = true;
      continue;
    }
    found.route = &route;
    found.params = std::move(params);
    found.wrong_method = false;
    return found;
  }
  return found;
}

}  // namespace vigil::server
