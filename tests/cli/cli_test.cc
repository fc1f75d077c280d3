// The vigil binary as users and scripts drive it: output formats, batch modes, exit codes, the
// one-line error style, and `db update` against a local HTTP mirror.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "testing/corpus.h"
#include "testing/shell.h"

namespace {

namespace fs = std::filesystem;

using Outcome = vigil::testing::CommandOutcome;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vigil-cli-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs vigil with VIGIL_HOME in the test directory; `args` is shell-quoted by the caller.
  Outcome Vigil(const std::string& args, const std::string& stdin_text = "") {
    const fs::path in = dir_ / "stdin";
    const fs::path err = dir_ / "stderr";
    std::ofstream(in) << stdin_text;
    const std::string command = "VIGIL_HOME='" + (dir_ / "home").string() + "' NO_COLOR=1 '" VIGIL_BINARY "' " + args +
                                " < '" + in.string() + "'";
    return vigil::testing::RunShell(command, err);
  }

  void WriteRecord(const fs::path& path, const std::string& id, const std::string& fixed) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << R"({"id":")" << id
                        << R"(","modified":"2024-05-01T00:00:00Z","aliases":["CVE-2024-4242"],"affected":[{"package":{"ecosystem":"PyPI","name":"demo"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":")"
                        << fixed << R"("}]}]}]})";
  }

  fs::path dir_;
};

TEST_F(CliTest, VersionCompareAnswersOnePair) {
  const auto run = Vigil("version compare --ecosystem Debian:12 1.0~rc1 1.0");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "<\n");
}

TEST_F(CliTest, VersionCompareBatchAnswersEveryLineInOrder) {
  const auto run = Vigil("version compare --ecosystem PyPI --batch -", "1.0 1.0.0\n2.0rc1 2.0\n3.0 2.9\n\x01 1.0\nonly-one\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::istringstream lines(run.out);
  std::vector<std::string> answers;
  for (std::string line; std::getline(lines, line);) answers.push_back(line);
  ASSERT_EQ(answers.size(), 5u) << run.out;
  EXPECT_EQ(answers[0], "=");
  EXPECT_EQ(answers[1], "<");
  EXPECT_EQ(answers[2], ">");
  EXPECT_TRUE(answers[3].starts_with("error: ")) << answers[3];
  EXPECT_TRUE(answers[4].starts_with("error: ")) << answers[4];
}

TEST_F(CliTest, UnknownEcosystemIsAUsageErrorOnOneLine) {
  const auto run = Vigil("version compare --ecosystem Nope 1 2");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "vigil: unknown ecosystem 'Nope'\n");
  EXPECT_EQ(Vigil("version compare").exit_code, 2);
}

TEST_F(CliTest, HelpAndVersionAtEveryLevel) {
  EXPECT_EQ(Vigil("--version").out.rfind("vigil ", 0), 0u);
  for (const char* level : {"--help", "db --help", "db import --help", "version compare --help", "cvss score --help",
                            "advisory show --help"}) {
    const auto run = Vigil(level);
    EXPECT_EQ(run.exit_code, 0) << level;
    EXPECT_NE(run.out.find("Usage"), std::string::npos) << level;
  }
}

TEST_F(CliTest, CvssScoreJsonHasOneObjectPerVectorInOrder) {
  const auto run = Vigil("cvss score --format json --batch -",
                         "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\nCVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\n"
                         "AV:N/AC:L/Au:N/C:P/I:P/A:P\nCVSS:3.1/AV:X\n");
  EXPECT_EQ(run.exit_code, 2) << "an invalid vector makes the exit code 2";
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_EQ(json.size(), 4u);
  EXPECT_EQ(json[0]["version"], "3.1");
  EXPECT_DOUBLE_EQ(json[0]["base_score"].get<double>(), 9.8);
  EXPECT_EQ(json[0]["severity"], "Critical");
  EXPECT_TRUE(json[0].contains("temporal_score"));
  EXPECT_EQ(json[1]["version"], "4.0");
  EXPECT_DOUBLE_EQ(json[1]["score"].get<double>(), 9.3);
  EXPECT_EQ(json[2]["version"], "2.0");
  EXPECT_DOUBLE_EQ(json[2]["base_score"].get<double>(), 7.5);
  EXPECT_TRUE(json[3].contains("error"));
  EXPECT_NE(json[3]["error"].get<std::string>().find("AV"), std::string::npos);
}

// vigil.toml sets defaults; a VIGIL_* variable overrides it, and a flag overrides both.
TEST_F(CliTest, ConfigFileIsOverriddenByEnvironmentThenByFlags) {
  fs::create_directories(dir_ / "home");
  std::ofstream(dir_ / "home/vigil.toml") << "# settings\nformat = \"json\"\n";
  const std::string vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  EXPECT_EQ(Vigil("cvss score " + vector).out.front(), '[');
  EXPECT_NE(Vigil("cvss score --format table " + vector).out.front(), '[');
  ::setenv("VIGIL_FORMAT", "table", 1);
  EXPECT_NE(Vigil("cvss score " + vector).out.front(), '[');
  EXPECT_EQ(Vigil("cvss score --format json " + vector).out.front(), '[');
  ::unsetenv("VIGIL_FORMAT");

  std::ofstream(dir_ / "home/vigil.toml") << "[db]\nmirror = 7\n";
  const auto bad = Vigil("cvss score " + vector);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "vigil: " + (dir_ / "home/vigil.toml").string() + ":2: db.mirror: must be a string\n");
}

TEST_F(CliTest, DbImportThenStatusAndAdvisoryShow) {
  WriteRecord(dir_ / "osv/PYSEC-2024-1.json", "PYSEC-2024-1", "1.2");
  const auto import = Vigil("db import '" + (dir_ / "osv").string() + "'");
  EXPECT_EQ(import.exit_code, 0) << import.err;
  const auto status = nlohmann::json::parse(Vigil("db status --format json").out);
  EXPECT_EQ(status["ecosystems"]["PyPI"]["advisories"], 1);
  const auto show = Vigil("advisory show CVE-2024-4242 --format json");
  EXPECT_EQ(show.exit_code, 0) << show.err;
  const auto details = nlohmann::json::parse(show.out);
  EXPECT_EQ(details["records"][0]["id"], "PYSEC-2024-1");
  EXPECT_EQ(Vigil("advisory show CVE-1999-0000").exit_code, 2);
}

TEST_F(CliTest, StatusWithoutDatabaseSaysWhatToDo) {
  const auto run = Vigil("db status");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("vigil db import"), std::string::npos) << run.err;
}

// Serves `root` over HTTP on a free loopback port with Python's http.server (which answers
// If-Modified-Since with 304) for the lifetime of the object.
class HttpServer {
 public:
  explicit HttpServer(const fs::path& root) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::execlp("python3", "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
               root.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    std::string line;
    char c;
    while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(fds[0]);
    const auto at = line.find("port ");
    if (at != std::string::npos) port_ = std::stoi(line.substr(at + 5));
  }
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer() { Stop(); }
  void Stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(CliTest, DbUpdateFromHttpMirrorIsConditionalAndAFailedDownloadKeepsTheSnapshot) {
  WriteRecord(dir_ / "records/PYSEC-2024-1.json", "PYSEC-2024-1", "1.2");
  fs::create_directories(dir_ / "mirror/PyPI");
  ASSERT_EQ(std::system(("cd '" + (dir_ / "records").string() + "' && zip -q '" + (dir_ / "mirror/PyPI/all.zip").string() +
                         "' PYSEC-2024-1.json")
                            .c_str()),
            0);
  HttpServer server(dir_ / "mirror");
  ASSERT_GT(server.port(), 0);
  const std::string mirror = "--mirror http://127.0.0.1:" + std::to_string(server.port()) + " --ecosystem PyPI";

  const auto first = Vigil("db update " + mirror);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("downloaded"), std::string::npos) << first.err;
  const auto second = Vigil("db update " + mirror);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("not modified"), std::string::npos) << second.err;

  server.Stop();
  const auto failed = Vigil("db update " + mirror);
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_NE(failed.err.find("all.zip"), std::string::npos) << failed.err;
  const auto status = nlohmann::json::parse(Vigil("db status --format json").out);
  EXPECT_EQ(status["ecosystems"]["PyPI"]["advisories"], 1) << "the previous snapshot stays usable";
}

TEST_F(CliTest, DbUpdateFromMirrorDirectoryImportsTheSharedDumps) {
  VIGIL_REQUIRE_CORPUS();
  const auto run = Vigil("db update --mirror '" + (corpus / "data/osv").string() + "' --ecosystem crates.io --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto status = nlohmann::json::parse(Vigil("db status --format json").out);
  EXPECT_EQ(status["ecosystems"]["crates.io"]["advisories"], 1206);
}

TEST_F(CliTest, DbUpdateTakesMirrorAndEcosystemsFromTheConfigFile) {
  VIGIL_REQUIRE_CORPUS();
  fs::create_directories(dir_ / "home");
  std::ofstream(dir_ / "home/vigil.toml") << "[db]\nmirror = \"" << (corpus / "data/osv").string()
                                          << "\"\necosystems = [\"crates.io\"]\n";
  const auto run = Vigil("db update");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto status = nlohmann::json::parse(Vigil("db status --format json").out);
  EXPECT_EQ(status["ecosystems"].size(), 1u);
  EXPECT_EQ(status["ecosystems"]["crates.io"]["advisories"], 1206);
}

}  // namespace
