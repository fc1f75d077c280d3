#include "inventory/lang/jvm_xml.h"

#include <algorithm>

namespace vigil::inventory {

std::size_t LineOfOffset(std::string_view content, std::ptrdiff_t offset) {
  if (offset < 0) return 1;
  const std::size_t end = std::min(content.size(), static_cast<std::size_t>(offset));
  return 1 + static_cast<std::size_t>(
                 std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

Result<void> LoadXml(pugi::xml_document& doc, const std::filesystem::path& path, std::string_view content) {
  const pugi::xml_parse_result parsed = doc.load_buffer(content.data(), content.size());
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ":" +
                                                 std::to_string(LineOfOffset(content, parsed.offset)) +
                                                 ": XML syntax error: " + parsed.description());
  }
  if (!doc.document_element()) {
    return Fail(ErrorCode::kInvalidArgument, path.string() + ":1: XML syntax error: no root element");
  }
  return {};
}

std::string_view LocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node ChildElement(const pugi::xml_node& node, std::string_view name) {
  for (const pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

std::string_view TrimXmlSpace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string ChildText(const pugi::xml_node& node, std::string_view name) {
  const pugi::xml_node child = ChildElement(node, name);
  if (!child) return {};
  return std::string(TrimXmlSpace(child.text().get()));
}

}  // namespace vigil::inventory
