// `vigil serve` end to end over HTTP: a server on a free loopback port in a temporary VIGIL_HOME,
// tokens of each role from `vigil token create`, reports pushed by `vigil collect --push`, blast
// radius as each role (cross-team and cross-customer answers identical to missing objects),
// unauthenticated, malformed and oversized requests answered with JSON errors while the server
// keeps serving, a resent report answered "duplicate", and SIGTERM ending it with exit 0.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "testing/shell.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Outcome = vigil::testing::CommandOutcome;
using vigil::testing::ShellQuote;

struct Answer {
  long status = 0;
  std::string body;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// A port the kernel just gave out and took back: free unless someone grabs it in between.
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / (std::string("vigil-serve-test-") + std::to_string(::getpid()));
    fs::remove_all(dir_);
    home_ = dir_ / "home";
    Write(dir_ / "osv/PYSEC-2023-62.json",
          R"({"id":"PYSEC-2023-62","modified":"2023-06-01T00:00:00Z","aliases":["CVE-2023-30861"],
              "affected":[{"package":{"ecosystem":"PyPI","name":"flask"},
                           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.2.5"}]}]}]})");
    const auto import = Vigil(std::string("db import ") + ShellQuote(dir_ / "osv"));
    ASSERT_EQ(import.exit_code, 0) << import.err;
    Write(dir_ / "old/requirements.txt", "flask==2.0.0\nrequests==2.31.0\n");
    port_ = FreePort();
    base_ = "http://127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override {
    if (server_ > 0) {
      ::kill(server_, SIGKILL);
      ::waitpid(server_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }

  static void Write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  Outcome Vigil(const std::string& args, const std::string& env = "") {
    const fs::path err = dir_ / "stderr";
    std::string command = env;
    command += " VIGIL_HOME=";
    command += ShellQuote(home_);
    command += " '" VIGIL_BINARY "' ";
    command += args;
    return vigil::testing::RunShell(command, err);
  }

  void StartServer() {
    server_ = ::fork();
    ASSERT_GE(server_, 0);
    if (server_ == 0) {
      const std::string home = "VIGIL_HOME=" + home_.string();
      ::putenv(const_cast<char*>(home.c_str()));
      const std::string listen = "127.0.0.1:" + std::to_string(port_);
      const std::string log = (dir_ / "server.log").string();
      std::freopen(log.c_str(), "w", stderr);
      ::execl(VIGIL_BINARY, "vigil", "serve", "--listen", listen.c_str(), "--max-body", "65536",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Wait until it answers (a bounded number of tries, not a timing assertion).
    for (int i = 0; i < 400; ++i) {
      if (Http("GET", "/healthz").status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL() << "the server did not come up";
  }

  Answer Http(const std::string& method, const std::string& path, const std::string& token = "",
              const std::string& body = "") {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    Answer answer;
    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    std::string authorization;
    if (!token.empty()) {
      authorization = "Authorization: Bearer " + token;
      headers = curl_slist_append(headers, authorization.c_str());
    }
    const std::string url = base_ + path;
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST") {
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(curl.get()) == CURLE_OK)
      curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
    curl_slist_free_all(headers);
    return answer;
  }

  std::string Token(const std::string& flags) {
    const auto run = Vigil("token create --name t " + flags);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::string token = run.out;
    while (!token.empty() && token.back() == '\n') token.pop_back();
    return token;
  }

  static std::vector<std::string> Names(const json& radius) {
    std::vector<std::string> out;
    for (const auto& a : radius["assets"]) out.push_back(a["name"]);
    return out;
  }

  fs::path dir_;
  fs::path home_;
  int port_ = 0;
  std::string base_;
  pid_t server_ = -1;
};

TEST_F(ServeTest, RefusesToStartWithoutAnAdvisoryDatabase) {
  fs::remove(home_ / "advisories.snap");
  const auto run = Vigil("serve --listen 127.0.0.1:" + std::to_string(port_));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "vigil: serve: no advisory database in " + home_.string() +
                         ": run `vigil db update` or `vigil db import` first\n");
}

TEST_F(ServeTest, AgentsPushAndEachRoleSeesItsShareOfTheBlastRadius) {
  const std::string admin = Token("--role admin");
  const std::string agent = Token("--role agent --team payments");
  const std::string shop_agent = Token("--role agent --team shop");
  const std::string member = Token("--role team-member --team payments");
  const std::string customer = Token("--role customer --customer beta");
  const std::string auditor = Token("--role auditor");
  ASSERT_NO_FATAL_FAILURE(StartServer());
  EXPECT_EQ(json::parse(Http("GET", "/readyz").body)["ready"], true);

  // Token by flag, by environment variable and from a file.
  const std::string push = std::string("collect ") + ShellQuote(dir_ / "old") + " --push " + base_;
  const auto web1 = Vigil(push + " --asset-name web-1 --customer acme --token " + agent);
  ASSERT_EQ(web1.exit_code, 0) << web1.err;
  const json pushed = json::parse(web1.out);
  EXPECT_EQ(pushed["status"], "new_asset");
  EXPECT_EQ(pushed["asset"], "web-1");
  EXPECT_EQ(pushed["packages"], 2);
  const auto web2 = Vigil(push + " --asset-name web-2 --customer beta", "VIGIL_TOKEN=" + shop_agent);
  ASSERT_EQ(web2.exit_code, 0) << web2.err;
  EXPECT_EQ(json::parse(web2.out)["new_manifest"], false);
  Write(dir_ / "token", admin + "\n");
  const auto web3 = Vigil(push + " --asset-name web-3 --team ops --token-file " + ShellQuote(dir_ / "token"));
  ASSERT_EQ(web3.exit_code, 0) << web3.err;

  const std::string path = "/api/v1/vulnerabilities/CVE-2023-30861/blast-radius";
  const auto all = Http("GET", path, admin);
  ASSERT_EQ(all.status, 200) << all.body;
  const json radius = json::parse(all.body);
  EXPECT_EQ(radius["total_assets"], 3);
  EXPECT_EQ(Names(radius), (std::vector<std::string>{"web-1", "web-2", "web-3"}));
  EXPECT_EQ(radius["assets"][0]["team"], "payments") << "the agent's team";
  EXPECT_EQ(radius["assets"][0]["installed_version"], "2.0.0");
  EXPECT_EQ(radius["assets"][0]["fixed_version"], "2.2.5");
  EXPECT_EQ(json::parse(Http("GET", path, auditor).body), radius);
  // The server answers exactly what `vigil blast-radius` prints.
  const auto cli = Vigil("blast-radius CVE-2023-30861 --format json");
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(json::parse(cli.out), radius);

  const json mine = json::parse(Http("GET", path, member).body);
  EXPECT_EQ(Names(mine), std::vector<std::string>{"web-1"});
  EXPECT_EQ(mine["total_assets"], 1);
  EXPECT_EQ(Names(json::parse(Http("GET", path, customer).body)), std::vector<std::string>{"web-2"});
  EXPECT_EQ(Http("GET", path, agent).status, 403);

  // Cross-team and cross-customer reads look exactly like missing objects.
  const auto missing_asset = Http("GET", "/api/v1/assets/web-9", member);
  EXPECT_EQ(missing_asset.status, 404);
  const auto other_team = Http("GET", "/api/v1/assets/web-2", member);
  EXPECT_EQ(other_team.status, 404);
  EXPECT_EQ(other_team.body, missing_asset.body);
  const auto other_customer = Http("GET", "/api/v1/assets/web-1", customer);
  EXPECT_EQ(other_customer.status, 404);
  EXPECT_EQ(other_customer.body, missing_asset.body);
  const auto missing_vulnerability = Http("GET", "/api/v1/vulnerabilities/CVE-1999-0001/blast-radius", member);
  EXPECT_EQ(missing_vulnerability.status, 404);
  EXPECT_EQ(missing_vulnerability.body, missing_asset.body);

  // A payments agent may not take over shop's asset.
  const auto takeover = Vigil(push + " --asset-name web-2 --token " + agent);
  EXPECT_EQ(takeover.exit_code, 3);
  EXPECT_EQ(takeover.err, "vigil: push: HTTP 403: this agent's team does not own that asset\n");
  const auto bad_token = Vigil(push + " --asset-name web-1 --token vigil_nope");
  EXPECT_EQ(bad_token.exit_code, 3);
  EXPECT_EQ(bad_token.err, "vigil: push: HTTP 401: the API token is not valid\n");

  ::kill(server_, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(server_, &status, 0), server_);
  server_ = -1;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(ServeTest, BadRequestsGetJsonErrorsAndTheServerKeepsServing) {
  const std::string admin = Token("--role admin");
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const auto error_code = [](const Answer& a) {
    const json body = json::parse(a.body, nullptr, false);
    return body.is_discarded() ? std::string("<not json>") : body["error"]["code"].get<std::string>();
  };

  const auto none = Http("GET", "/api/v1/assets");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(error_code(none), "unauthenticated");
  const auto malformed = Http("POST", "/api/v1/reports", admin, "{\"report_id\": ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(error_code(malformed), "invalid_argument");
  const auto oversized = Http("POST", "/api/v1/reports", admin, std::string(100'000, ' '));
  EXPECT_EQ(oversized.status, 413);
  EXPECT_EQ(error_code(oversized), "payload_too_large");
  EXPECT_EQ(Http("GET", "/healthz").status, 200) << "still serving after the refusal";
  const auto huge_header = Http("GET", "/healthz", std::string(20'000, 'x'));
  EXPECT_EQ(huge_header.status, 431);
  EXPECT_EQ(error_code(huge_header), "header_too_large");
  EXPECT_EQ(Http("GET", "/nowhere", admin).status, 404);
  EXPECT_EQ(Http("DELETE", "/api/v1/assets", admin).status, 405);

  // The same report twice: the second changes nothing.
  const auto report = Vigil(std::string("collect ") + ShellQuote(dir_ / "old") + " --asset-name web-1");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto first = Http("POST", "/api/v1/reports", admin, report.out);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["status"], "new_asset");
  const auto second = Http("POST", "/api/v1/reports", admin, report.out);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body)["status"], "duplicate");

  const auto metrics = Http("GET", "/metrics");
  EXPECT_NE(metrics.body.find("vigil_http_requests_total{route=\"-\",status=\"413\"} 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("vigil_ingest_reports_total{status=\"duplicate\"} 1\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("vigil_index_assets 1\n"), std::string::npos);

  ::kill(server_, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(server_, &status, 0), server_);
  server_ = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
