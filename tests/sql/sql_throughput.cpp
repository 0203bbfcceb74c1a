// Prints tokenizer throughput (MB/s) and parser throughput (files/s) over the .sql files of a
// directory (recursively). Usage: sql_throughput <dir> [dialect] [rounds]

#include "sql/parser.hpp"
#include "sql/tokenizer.hpp"
#include "util/files.hpp"

#include <chrono>
#include <cstdlib>
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
    using Clock = std::chrono::steady_clock;
    std::size_t tokens = 0;
    auto t0 = Clock::now();
    for (int r = 0; r < rounds; ++r) {
        for (const std::string& s : texts) {
            dpipe::sql::Tokenizer tz(s, *dialect);
            while (tz.next().kind != dpipe::sql::TokenKind::End) {
                ++tokens;
            }
        }
    }
    double tok_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::size_t diagnostics = 0;
    auto t1 = Clock::now();
    for (int r = 0; r < rounds; ++r) {
        for (const std::string& s : texts) {
            dpipe::sql::Script script = dpipe::sql::parse("x.sql", s, *dialect);
            diagnostics += script.diagnostics().size();
        }
    }
    double parse_s = std::chrono::duration<double>(Clock::now() - t1).count();
    double mb = static_cast<double>(bytes) * rounds / (1024.0 * 1024.0);
    std::cout << texts.size() << " files, " << bytes << " bytes, " << rounds << " rounds\n";
    std::cout << "tokenizer: " << mb / tok_s << " MB/s (" << tokens / rounds << " tokens per round)\n";
    std::cout << "parser:    " << static_cast<double>(texts.size()) * rounds / parse_s << " files/s, "
              << mb / parse_s << " MB/s (" << diagnostics / static_cast<std::size_t>(rounds) << " diagnostics per round)\n";
    return 0;
}
