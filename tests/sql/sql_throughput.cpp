// Prints tokenizer throughput (MB/s) and parser throughput (files/s) over the .sql files of a
// directory (recursively), measured in CPU time of the calling thread so that other load on the
// machine does not distort the figures. Usage: sql_throughput <dir> [dialect] [rounds]

#include "sql/parser.hpp"
#include "sql/tokenizer.hpp"
#include "util/files.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: sql_throughput <dir> [dialect] [rounds]\n";
        return 2;
    }
    auto dialect = dpipe::sql::parse_dialect(argc > 2 ? argv[2] : "postgres");
    if (!dialect) {
        std::cerr << "unknown dialect\n";
        return 2;
    }
    int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 20;
    std::vector<std::string> texts;
    std::size_t bytes = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1])) {
        if (e.is_regular_file() && e.path().extension() == ".sql") {
            auto t = dpipe::util::read_file(e.path(), 64u << 20);
            if (t) {
                bytes += t->size();
                texts.push_back(std::move(*t));
            }
        }
    }
    if (texts.empty()) {
        std::cerr << "no .sql files under " << argv[1] << "\n";
        return 2;
    }
    auto cpu_seconds = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
    };
    std::size_t tokens = 0;
    double t0 = cpu_seconds();
    for (int r = 0; r < rounds; ++r) {
        for (const std::string& s : texts) {
            dpipe::sql::Tokenizer tz(s, *dialect);
            while (tz.next().kind != dpipe::sql::TokenKind::End) {
                ++tokens;
            }
        }
    }
    double tok_s = cpu_seconds() - t0;
    std::size_t diagnostics = 0;
    double t1 = cpu_seconds();
    for (int r = 0; r < rounds; ++r) {
        for (const std::string& s : texts) {
            dpipe::sql::Script script = dpipe::sql::parse("x.sql", s, *dialect);
            diagnostics += script.diagnostics().size();
        }
    }
    double parse_s = cpu_seconds() - t1;
    double mb = static_cast<double>(bytes) * rounds / (1024.0 * 1024.0);
    std::cout << texts.size() << " files, " << bytes << " bytes, " << rounds << " rounds\n";
    std::cout << "tokenizer: " << mb / tok_s << " MB/s (" << tokens / rounds << " tokens per round)\n";
    std::cout << "parser:    " << static_cast<double>(texts.size()) * rounds / parse_s << " files/s, "
              << mb / parse_s << " MB/s (" << diagnostics / static_cast<std::size_t>(rounds) << " diagnostics per round)\n";
    return 0;
}
