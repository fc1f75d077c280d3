#include "version/semver_parts.h"

#include <string>

#include "version/sort_key.h"
#include "version/ascii.h"

namespace vigil::version {
namespace {

// npm semver rejects longer versions (MAX_LENGTH); nothing real comes close.
constexpr std::size_t kMaxLength = 256;

// Sort-key bytes. After the numeric components a prerelease marker sorts below the release
// marker, and both below a further numeric component, so 1.0.0-rc < 1.0.0 < 1.0.0.1.
constexpr char kPrerelease = 0x00;
constexpr char kRelease = 0x01;
constexpr char kComponent = 0x02;
// Inside a prerelease numeric identifiers sort below alphanumeric ones; an alphanumeric one ends
// with a zero byte (never part of an identifier) so that a prefix sorts first.
constexpr char kNumericIdentifier = 0x01;
constexpr char kAlphanumericIdentifier = 0x02;
constexpr char kIdentifierEnd = 0x00;


bool IsIdentifierChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

class Parser {
 public:
  Parser(std::string_view text, std::string& out, std::string_view scheme_name)
      : text_(text), out_(out), scheme_name_(scheme_name), start_size_(out.size()) {}

  Result<void> Run() {
    if (text_.empty()) return Invalid(0, "empty version");
    if (text_.size() > kMaxLength) {
      return Invalid(kMaxLength, "longer than " + std::to_string(kMaxLength) + " characters");
    }
    if (text_[pos_] == 'v') ++pos_;
    if (auto r = ParseComponents(); !r) return r;
    if (pos_ < text_.size() && text_[pos_] == '-') {
      ++pos_;
      out_.push_back(kPrerelease);
      if (auto r = ParseIdentifiers(Section::kPrereleaseIds); !r) return r;
    } else {
      out_.push_back(kRelease);
    }
    if (pos_ < text_.size() && text_[pos_] == '+') {
      ++pos_;
      if (auto r = ParseIdentifiers(Section::kBuildIds); !r) return r;
    }
    if (pos_ < text_.size()) return Invalid(pos_, std::string("unexpected character '") + text_[pos_] + "'");
    return {};
  }

 private:
  enum class Section { kPrereleaseIds, kBuildIds };

  std::unexpected<vigil::Error> Invalid(std::size_t offset, std::string_view reason) {
    Truncate(out_, start_size_);
    return InvalidVersion(scheme_name_, text_, offset, reason);
  }

  // Numeric components; trailing zero components are left out of the key so that 1.2 == 1.2.0.
  Result<void> ParseComponents() {
    std::size_t pending_zeros = 0;
    while (true) {
      const std::size_t begin = pos_;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
      if (pos_ == begin) return Invalid(pos_, "expected a number");
      if (text_[begin] == '0' && pos_ - begin > 1) return Invalid(begin, "leading zero in number");
      if (pos_ - begin == 1 && text_[begin] == '0') {
        ++pending_zeros;
      } else {
        for (; pending_zeros > 0; --pending_zeros) {
          out_.push_back(kComponent);
          AppendNumber(out_, std::string_view());
        }
        out_.push_back(kComponent);
        AppendNumber(out_, text_.substr(begin, pos_ - begin));
      }
      if (pos_ >= text_.size() || text_[pos_] != '.') return {};
      ++pos_;
    }
  }

  Result<void> ParseIdentifiers(Section section) {
    while (true) {
      const std::size_t begin = pos_;
      bool numeric = true;
      while (pos_ < text_.size() && IsIdentifierChar(text_[pos_])) {
        numeric = numeric && IsDigit(text_[pos_]);
        ++pos_;
      }
      if (pos_ == begin) {
        return Invalid(pos_, section == Section::kBuildIds ? "empty build identifier" : "empty prerelease identifier");
      }
      const std::string_view identifier = text_.substr(begin, pos_ - begin);
      if (section == Section::kPrereleaseIds) {
        if (numeric) {
          if (identifier.size() > 1 && identifier.front() == '0') {
            return Invalid(begin, "leading zero in numeric prerelease identifier");
          }
          out_.push_back(kNumericIdentifier);
          AppendNumber(out_, identifier);
        } else {
          out_.push_back(kAlphanumericIdentifier);
          out_.append(identifier);
          out_.push_back(kIdentifierEnd);
        }
      }
      if (pos_ >= text_.size() || text_[pos_] != '.') return {};
      ++pos_;
    }
  }

  std::string_view text_;
  std::string& out_;
  std::string_view scheme_name_;
  std::size_t start_size_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unexpected<Error> InvalidVersion(std::string_view scheme_name, std::string_view text, std::size_t offset,
                                      std::string_view reason) {
  std::string message(scheme_name);
  message += " version \"";
  message += text;
  message += "\": ";
  message += reason;
  message += " at offset ";
  message += std::to_string(offset);
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

Result<void> EncodeSemver(std::string_view text, std::string& out, std::string_view scheme_name) {
  return Parser(text, out, scheme_name).Run();
}

}  // namespace vigil::version
