// `vigil serve` end to end over HTTP: a server on a free loopback port in a temporary VIGIL_HOME,
// tokens of each role from `vigil token create`, reports pushed by `vigil collect --push`, blast
// radius as each role (cross-team and cross-customer answers identical to missing objects),
// unauthenticated, malformed and oversized requests answered with JSON errors while the server
// keeps serving, a resent report answered "duplicate", SIGTERM ending it with exit 0 once the
// request in flight is answered, and the same over HTTPS with a self-signed certificate that agents
// must be told to trust.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "server_testing.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using vigil::testing::HttpAnswer;
using vigil::testing::ShellQuote;

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

class ServeTest : public vigil::testing::VigilHomeTest {
 protected:
  ServeTest() : VigilHomeTest("serve-test") {}

  void SetUp() override {
    VigilHomeTest::SetUp();
    if (HasFatalFailure()) return;
    Write(dir_ / "old/requirements.txt", "flask==2.0.0\nrequests==2.31.0\n");
    port_ = vigil::testing::FreeLoopbackPort();
    base_ = "http://127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override {
    if (server_ > 0) {
      ::kill(server_, SIGKILL);
      ::waitpid(server_, nullptr, 0);
    }
    VigilHomeTest::TearDown();
  }

  void StartServer(const std::vector<std::string>& flags = {}) {
    std::vector<std::string> args = {"vigil",      "serve", "--listen", "127.0.0.1:" + std::to_string(port_),
                                     "--max-body", "65536"};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    server_ = ::fork();
    ASSERT_GE(server_, 0);
    if (server_ == 0) {
      const std::string home = "VIGIL_HOME=" + home_.string();
      ::putenv(const_cast<char*>(home.c_str()));
      const std::string log = (dir_ / "server.log").string();
      std::freopen(log.c_str(), "w", stderr);
      ::execv(VIGIL_BINARY, argv.data());
      ::_exit(127);
    }
    // Wait until it answers (a bounded number of tries, not a timing assertion).
    for (int i = 0; i < 400; ++i) {
      if (Http("GET", "/healthz").status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL() << "the server did not come up";
  }

  // A fresh connection per request, trusting ca_ and offering tls_version_.
  HttpAnswer Http(const std::string& method, const std::string& path, const std::string& token = "",
                  const std::string& body = "") {
    vigil::testing::HttpClient client(base_);
    client.SetTls(ca_, tls_version_);
    return client.Send(method, path, token, body);
  }

  static std::vector<std::string> Names(const json& radius) {
    std::vector<std::string> out;
    for (const auto& a : radius["assets"]) out.push_back(a["name"]);
    return out;
  }

  int port_ = 0;
  std::string base_;
  fs::path ca_;                                 // the CA the test's client trusts for https
  long tls_version_ = CURL_SSLVERSION_DEFAULT;  // the TLS versions the test's client offers
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
  EXPECT_EQ(takeover.err, "vigil: push: HTTP 403: this token may not do that\n");
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
  const auto error_code = [](const HttpAnswer& a) {
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

// A self-signed certificate for 127.0.0.1 and localhost (key and certificate in `dir`).
void SelfSigned(const fs::path& dir, const std::string& subject_alt_name) {
  fs::create_directories(dir);
  std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=vigil-test";
  command += " -addext subjectAltName=" + subject_alt_name;
  command += " -keyout " + ShellQuote(dir / "key.pem") + " -out " + ShellQuote(dir / "cert.pem");
  const auto run = vigil::testing::RunShell(command, dir / "openssl.err");
  ASSERT_EQ(run.exit_code, 0) << run.err;
}

TEST_F(ServeTest, RefusesToStartOnAnUnusableCertificateOrKey) {
  ASSERT_NO_FATAL_FAILURE(SelfSigned(dir_ / "a", "IP:127.0.0.1"));
  ASSERT_NO_FATAL_FAILURE(SelfSigned(dir_ / "b", "IP:127.0.0.1"));
  const std::string serve = "serve --listen 127.0.0.1:" + std::to_string(port_);
  const std::string cert = (dir_ / "a/cert.pem").string();
  const std::string key = (dir_ / "a/key.pem").string();
  const std::string missing = (dir_ / "missing.pem").string();

  auto run = Vigil(serve + " --tls-cert " + missing + " --tls-key " + key);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "vigil: --tls-cert " + missing + ": cannot read: No such file or directory\n");
  run = Vigil(serve + " --tls-cert " + cert + " --tls-key " + missing);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "vigil: --tls-key " + missing + ": cannot read: No such file or directory\n");
  run = Vigil(serve + " --tls-cert " + key + " --tls-key " + key);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("vigil: --tls-cert " + key + ": not a PEM certificate: ", 0), 0u) << run.err;
  run = Vigil(serve + " --tls-cert " + cert + " --tls-key " + cert);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind("vigil: --tls-key " + cert + ": not a usable PEM private key: ", 0), 0u) << run.err;
  const std::string other_key = (dir_ / "b/key.pem").string();
  run = Vigil(serve + " --tls-cert " + cert + " --tls-key " + other_key);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "vigil: --tls-key " + other_key + ": does not match the certificate in " + cert + "\n");
  run = Vigil(serve + " --tls-cert " + cert);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--tls-cert requires --tls-key"), std::string::npos) << run.err;
}

TEST_F(ServeTest, ServesHttpsWithTheSameLimitsAndAgentsVerifyItsCertificate) {
  ASSERT_NO_FATAL_FAILURE(SelfSigned(dir_ / "tls", "IP:127.0.0.1,DNS:localhost"));
  ASSERT_NO_FATAL_FAILURE(SelfSigned(dir_ / "other", "IP:127.0.0.1,DNS:localhost"));
  const std::string admin = Token("--role admin");
  const std::string agent = Token("--role agent --team payments");
  base_ = "https://127.0.0.1:" + std::to_string(port_);
  ca_ = dir_ / "tls/cert.pem";
  ASSERT_NO_FATAL_FAILURE(
      StartServer({"--tls-cert", ca_.string(), "--tls-key", (dir_ / "tls/key.pem").string(), "--read-timeout", "1"}));

  const std::string push =
      std::string("collect ") + ShellQuote(dir_ / "old") + " --push " + base_ + " --token " + agent;
  const auto trusted = Vigil(push + " --asset-name web-1 --cacert " + ShellQuote(ca_));
  ASSERT_EQ(trusted.exit_code, 0) << trusted.err;
  EXPECT_EQ(json::parse(trusted.out)["status"], "new_asset");
  // Without being told to trust the private CA, or trusting another one, the agent refuses to send.
  const auto untrusted = Vigil(push + " --asset-name web-2");
  EXPECT_EQ(untrusted.exit_code, 3);
  EXPECT_EQ(untrusted.err, "vigil: push to " + base_ + ": SSL certificate problem: self-signed certificate\n");
  const auto wrong_ca = Vigil(push + " --asset-name web-2 --cacert " + ShellQuote(dir_ / "other/cert.pem"));
  EXPECT_EQ(wrong_ca.exit_code, 3);
  EXPECT_NE(wrong_ca.err.find("SSL certificate problem"), std::string::npos) << wrong_ca.err;

  const auto radius = Http("GET", "/api/v1/vulnerabilities/CVE-2023-30861/blast-radius", admin);
  ASSERT_EQ(radius.status, 200) << radius.body;
  EXPECT_EQ(json::parse(radius.body)["total_assets"], 1);
  EXPECT_EQ(Names(json::parse(radius.body)), std::vector<std::string>{"web-1"});

  // The body limit holds over TLS, and the server goes on serving.
  const auto oversized = Http("POST", "/api/v1/reports", admin, std::string(100'000, ' '));
  EXPECT_EQ(oversized.status, 413);
  EXPECT_EQ(json::parse(oversized.body, nullptr, false)["error"]["code"], "payload_too_large");
  const auto unauthenticated = Http("GET", "/api/v1/assets");
  EXPECT_EQ(unauthenticated.status, 401);
  EXPECT_EQ(json::parse(unauthenticated.body, nullptr, false)["error"]["code"], "unauthenticated");

  // TLS 1.1 and plain HTTP get no answer.
  tls_version_ = long{CURL_SSLVERSION_TLSv1_1} | long{CURL_SSLVERSION_MAX_TLSv1_1};
  EXPECT_EQ(Http("GET", "/healthz").status, 0);
  tls_version_ = long{CURL_SSLVERSION_TLSv1_2} | long{CURL_SSLVERSION_MAX_TLSv1_2};
  EXPECT_EQ(Http("GET", "/healthz").status, 200) << "TLS 1.2 is served";
  tls_version_ = CURL_SSLVERSION_DEFAULT;
  const std::string https = base_;
  base_ = "http://127.0.0.1:" + std::to_string(port_);
  EXPECT_EQ(Http("GET", "/healthz").status, 0);
  base_ = https;

  // A client that connects and never starts the handshake is dropped after the read timeout.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port_));
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  timeval wait{30, 0};  // a bound on the test, far above the 1 s timeout
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  char byte = 0;
  EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "the server closed the silent connection";
  ::close(fd);
  EXPECT_EQ(Http("GET", "/healthz").status, 200);

  ::kill(server_, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(server_, &status, 0), server_);
  server_ = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const auto verify = Vigil("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// A request body handed to libcurl in two halves, the second only once `release` is set.
struct HeldBody {
  std::string text;
  std::size_t sent = 0;
  std::atomic<bool> half_sent{false};
  std::atomic<bool> release{false};
};

std::size_t ReadHeld(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& body = *static_cast<HeldBody*>(user);
  const std::size_t half = body.text.size() / 2;
  if (body.sent == half) {
    // libcurl asks again only after sending what it had: the first half is on its way.
    body.half_sent = true;
    while (!body.release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const std::size_t end = body.sent < half ? half : body.text.size();
  const std::size_t n = std::min(size * count, end - body.sent);
  std::memcpy(buffer, body.text.data() + body.sent, n);
  body.sent += n;
  return n;
}

// Whether a new connection to 127.0.0.1:port is refused (the server stopped accepting).
bool Refused(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool refused = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0;
  ::close(fd);
  return refused;
}

TEST_F(ServeTest, SigtermStopsAcceptingAndAnswersTheRequestInFlightOverHttpAndHttps) {
  ASSERT_NO_FATAL_FAILURE(SelfSigned(dir_ / "tls", "IP:127.0.0.1"));
  const std::string admin = Token("--role admin");
  const auto report = Vigil(std::string("collect ") + ShellQuote(dir_ / "old") + " --asset-name web-1");
  ASSERT_EQ(report.exit_code, 0) << report.err;
  for (const bool tls : {false, true}) {
    SCOPED_TRACE(tls ? "https" : "http");
    std::vector<std::string> flags;
    base_ = "http://127.0.0.1:" + std::to_string(port_);
    if (tls) {
      flags = {"--tls-cert", (dir_ / "tls/cert.pem").string(), "--tls-key", (dir_ / "tls/key.pem").string()};
      base_ = "https://127.0.0.1:" + std::to_string(port_);
      ca_ = dir_ / "tls/cert.pem";
    }
    ASSERT_NO_FATAL_FAILURE(StartServer(flags));

    // A report sent as the same id each time: new the first time, a duplicate the second.
    HeldBody body;
    body.text = report.out;
    HttpAnswer answer;
    std::thread client([&] {
      std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
      const std::string authorization = "Authorization: Bearer " + admin;
      curl_slist* headers = curl_slist_append(curl_slist_append(nullptr, "Expect:"), authorization.c_str());
      const std::string url = base_ + "/api/v1/reports";
      curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
      curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
      curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.text.size()));
      curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadHeld);
      curl_easy_setopt(curl.get(), CURLOPT_READDATA, &body);
      curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, OnBody);
      curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer.body);
      curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
      if (!ca_.empty()) curl_easy_setopt(curl.get(), CURLOPT_CAINFO, ca_.c_str());
      if (curl_easy_perform(curl.get()) == CURLE_OK)
        curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &answer.status);
      curl_slist_free_all(headers);
    });
    for (int i = 0; i < 3000 && !body.half_sent; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // Leave the server a moment to read the first half, so the request is in flight.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ::kill(server_, SIGTERM);
    bool stopped_accepting = false;
    for (int i = 0; i < 3000 && !stopped_accepting; ++i) {
      stopped_accepting = Refused(port_);
      if (!stopped_accepting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    body.release = true;
    client.join();
    EXPECT_TRUE(stopped_accepting);
    EXPECT_EQ(answer.status, 200) << answer.body;
    const json answered = json::parse(answer.body, nullptr, false);
    EXPECT_EQ(answered.is_discarded() ? json() : answered["status"], tls ? "duplicate" : "new_asset") << answer.body;
    int status = 0;
    ASSERT_EQ(::waitpid(server_, &status, 0), server_);
    server_ = -1;
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
}

}  // namespace
