#include "inventory/image/rooted_path.h"

#include <deque>
#include <vector>

namespace vigil::inventory::image {

namespace {

// As Linux's MAXSYMLINKS: more hops than this is treated as a loop.
constexpr int kMaxSymlinkHops = 40;
// Symlink targets are spliced into the path still to walk; bound it so crafted links cannot grow it.
constexpr std::size_t kMaxPendingComponents = 4096;

void SplitInto(std::string_view path, std::deque<std::string>& out, bool at_front) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (at_front) {
    out.insert(out.begin(), parts.begin(), parts.end());
  } else {
    out.insert(out.end(), parts.begin(), parts.end());
  }
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '/';
    out += p;
  }
  return out;
}

}  // namespace

std::optional<std::string> NormaliseEntryPath(std::string_view name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = name.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? name.size() : slash;
    const std::string_view part = name.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.emplace_back(part);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Join(parts);
}

Result<ResolvedPath> ResolveUnderRoot(std::string_view path, const NodeLookup& lookup) {
  std::deque<std::string> pending;
  SplitInto(path, pending, false);
  std::vector<std::string> resolved;
  Node last{NodeKind::kDirectory, {}};
  int hops = 0;
  while (!pending.empty()) {
    std::string part = std::move(pending.front());
    pending.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!resolved.empty()) resolved.pop_back();
      last = Node{NodeKind::kDirectory, {}};
      continue;
    }
    if (last.kind != NodeKind::kDirectory) {
      return Fail(ErrorCode::kNotFound, std::string(path) + ": not a directory: /" + Join(resolved));
    }
    resolved.push_back(std::move(part));
    auto node = lookup(Join(resolved));
    if (!node) return std::unexpected(node.error());
    if (node->kind == NodeKind::kMissing) {
      return Fail(ErrorCode::kNotFound, std::string(path) + ": no such file: /" + Join(resolved));
    }
    if (node->kind == NodeKind::kSymlink) {
      if (++hops > kMaxSymlinkHops) {
        return Fail(ErrorCode::kInvalidArgument, std::string(path) + ": too many levels of symbolic links");
      }
      resolved.pop_back();
      if (!node->link_target.empty() && node->link_target.front() == '/') resolved.clear();
      SplitInto(node->link_target, pending, true);
      if (pending.size() > kMaxPendingComponents) {
        return Fail(ErrorCode::kInvalidArgument, std::string(path) + ": symbolic links expand to too long a path");
      }
      last = Node{NodeKind::kDirectory, {}};
      continue;
    }
    last = std::move(*node);
  }
  return ResolvedPath{Join(resolved), std::move(last)};
}

}  // namespace vigil::inventory::image
