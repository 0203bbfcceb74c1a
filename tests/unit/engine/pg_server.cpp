#include "pg_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dpipe::engine::testing {

namespace {

namespace fs = std::filesystem;

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    if (fd >= 0) {
        close(fd);
    }
    return port;
}

fs::path find_bindir() {
    if (const char* v = std::getenv("DPIPE_PG_BINDIR")) {
        return v;
    }
    std::error_code ec;
    fs::path best;
    for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        if (fs::exists(e.path() / "bin" / "initdb") && e.path() > best.parent_path()) {
            best = e.path() / "bin";
        }
    }
    return best;
}

class LocalServer {
  public:
    LocalServer() {
        if (const char* dsn = std::getenv("DPIPE_TEST_DSN")) {
            m_info.conninfo = dsn;
            m_info.display = "DPIPE_TEST_DSN";
            return;
        }
        fs::path bin = find_bindir();
        if (bin.empty()) {
            m_info.why_not = "no initdb under /usr/lib/postgresql (set DPIPE_TEST_DSN)";
            return;
        }
        std::string prefix;
        if (geteuid() == 0) {
            if (std::system("id postgres >/dev/null 2>&1") != 0) {
                m_info.why_not = "running as root and there is no 'postgres' user";
                return;
            }
            prefix = "runuser -u postgres -- ";
        }
        char tmpl[] = "/tmp/dpipe-pg-XXXXXX";
        if (mkdtemp(tmpl) == nullptr) {
            m_info.why_not = "cannot create a temp dir";
            return;
        }
        m_dir = tmpl;
        if (geteuid() == 0) {
            std::system(("chown postgres " + m_dir.string()).c_str());
        }
        int port = free_port();
        m_data = m_dir / "data";
        m_pg_ctl = prefix + (bin / "pg_ctl").string();
        std::string initdb = prefix + (bin / "initdb").string() + " -D " + m_data.string() +
                             " -U dpipe --auth=trust --no-instructions -E UTF8 > " +
                             (m_dir / "initdb.log").string() + " 2>&1";
        if (std::system(initdb.c_str()) != 0) {
            m_info.why_not = "initdb failed, see " + (m_dir / "initdb.log").string();
            return;
        }
        std::string start = m_pg_ctl + " -D " + m_data.string() + " -l " +
                            (m_dir / "server.log").string() + " -w -t 30 -o '-p " +
                            std::to_string(port) + " -k " + m_dir.string() +
                            " -c listen_addresses=127.0.0.1 -c fsync=off' start > /dev/null 2>&1";
        if (std::system(start.c_str()) != 0) {
            m_info.why_not = "pg_ctl start failed, see " + (m_dir / "server.log").string();
            return;
        }
        m_started = true;
        m_info.conninfo = "host=127.0.0.1 port=" + std::to_string(port) +
                          " user=dpipe dbname=postgres connect_timeout=5";
        m_info.display = "dpipe@127.0.0.1:" + std::to_string(port) + "/postgres";
    }

    ~LocalServer() {
        if (m_started) {
            std::system((m_pg_ctl + " -D " + m_data.string() + " -m immediate stop >/dev/null 2>&1")
                            .c_str());
        }
        if (!m_dir.empty()) {
            std::error_code ec;
            fs::remove_all(m_dir, ec);
        }
    }

    const PgServer& info() const { return m_info; }

  private:
    PgServer m_info;
    fs::path m_dir;
    fs::path m_data;
    std::string m_pg_ctl;
    bool m_started = false;
};

} // namespace

const PgServer& pg_server() {
    static LocalServer server;
    return server.info();
}

} // namespace dpipe::engine::testing
