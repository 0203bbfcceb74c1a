#include "engine/version.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>

namespace dpipe::engine {

std::string sqlite_version() { return sqlite3_libversion(); }

std::string libpq_version() {
    int v = PQlibVersion();
    if (v >= 100000) {
        return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
    }
    return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
           std::to_string(v % 100);
}

} // namespace dpipe::engine
