#include "report/test_report.hpp"

#include "util/redact.hpp"
#include "util/strings.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>

namespace dpipe::report {

namespace {

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2fs", s);
    return buf;
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                out += ' ';
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string counts_line(const results::RunSummary& s) {
    using results::Status;
    std::string out = std::to_string(s.count(Status::Pass)) + " passed, " +
                      std::to_string(s.count(Status::Fail) + s.count(Status::Error)) + " failed";
    std::size_t warn = s.count(Status::Warn);
    std::size_t skipped = s.count(Status::Skipped);
    if (skipped > 0) {
        out += ", " + std::to_string(skipped) + " skipped";
    }
    if (warn > 0) {
        out += " (" + std::to_string(warn) + " warned)";
    }
    return out;
}

// The summary with secrets masked in every text that came from the database or the project,
// before any escaping: a JSON- or XML-escaped secret would no longer match.
results::RunSummary redacted(const results::RunSummary& in) {
    results::RunSummary out = in;
    out.engine_note = util::redact(out.engine_note);
    for (auto& r : out.steps) {
        r.message = util::redact(r.message);
        r.sql = util::redact(r.sql);
        for (auto& row : r.sample_rows) {
            for (auto& cell : row) {
                cell = util::redact(cell);
            }
        }
    }
    return out;
}

} // namespace

std::string test_progress_line(const results::StepResult& r, std::size_t done, std::size_t total) {
    std::string width = std::to_string(total);
    std::string n = std::to_string(done);
    n.insert(0, width.size() - std::min(width.size(), n.size()), ' ');
    std::string status = results::status_name(r.status);
    status.resize(7, ' ');
    std::string step = results::step_name(r.step);
    step.resize(9, ' ');
    std::string line = "[" + n + "/" + width + "] " + status + " " + step + " " + r.name + " (" +
                       seconds(r.seconds) + ")";
    if (r.status != results::Status::Pass && !r.message.empty()) {
        line += ": " + r.message;
    }
    return util::redact(line) + "\n";
}

std::string test_summary_text(const results::RunSummary& summary) {
    const results::RunSummary s = redacted(summary);
    std::string out;
    for (const auto& r : s.steps) {
        if (r.status != results::Status::Fail && r.status != results::Status::Error) {
            continue;
        }
        out += "\n" + std::string(results::status_name(r.status)) + ": " + results::step_name(r.step) +
               " " + r.name + " (" + r.loc.str() + ")\n";
        if (!r.message.empty()) {
            out += "  " + r.message + "\n";
        }
        if (!r.sample_rows.empty()) {
            out += "  sample of failing rows (" + util::join(r.sample_columns, ", ") + "):\n";
            for (const auto& row : r.sample_rows) {
                out += "    " + util::join(row, " | ") + "\n";
            }
        }
        if (!r.sql.empty() && r.status == results::Status::Error) {
            std::string sql(r.sql.substr(0, 2000));
            out += "  sql:\n    " + util::replace_all(sql, "\n", "\n    ") + "\n";
        }
    }
    out += "\n" + counts_line(s) + " in " + seconds(s.seconds) + " on " + s.engine + "\n";
    return out;
}

std::string test_json(const results::RunSummary& summary) {
    const results::RunSummary s = redacted(summary);
    nlohmann::ordered_json doc;
    doc["version"] = 1;
    doc["engine"] = s.engine;
    doc["engine_note"] = s.engine_note;
    doc["seconds"] = s.seconds;
    doc["ready_seconds"] = s.ready_seconds;
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const auto& r : s.steps) {
        nlohmann::ordered_json j;
        j["step"] = results::step_name(r.step);
        j["unique_id"] = r.unique_id;
        j["name"] = r.name;
        j["file"] = r.loc.file;
        j["line"] = r.loc.line;
        j["status"] = results::status_name(r.status);
        j["message"] = r.message;
        j["failures"] = r.failures;
        j["seconds"] = r.seconds;
        if (!r.sample_rows.empty()) {
            j["sample"] = {{"columns", r.sample_columns}, {"rows", r.sample_rows}};
        }
        results.push_back(j);
    }
    doc["results"] = results;
    using results::Status;
    doc["counts"] = {{"pass", s.count(Status::Pass)},   {"warn", s.count(Status::Warn)},
                     {"fail", s.count(Status::Fail)},   {"error", s.count(Status::Error)},
                     {"skipped", s.count(Status::Skipped)}};
    return doc.dump(2) + "\n";
}

std::string test_junit(const results::RunSummary& summary) {
    const results::RunSummary s = redacted(summary);
    std::map<std::string, std::vector<const results::StepResult*>> suites;
    for (const auto& r : s.steps) {
        suites[results::step_name(r.step)].push_back(&r);
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"dpipe test\" time=\"" +
                      seconds(s.seconds).substr(0, seconds(s.seconds).size() - 1) + "\">\n";
    for (const auto& [name, steps] : suites) {
        std::size_t failures = 0, errors = 0, skipped = 0;
        for (const auto* r : steps) {
            failures += r->status == results::Status::Fail;
            errors += r->status == results::Status::Error;
            skipped += r->status == results::Status::Skipped;
        }
        out += "  <testsuite name=\"" + name + "\" tests=\"" + std::to_string(steps.size()) +
               "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
               "\" skipped=\"" + std::to_string(skipped) + "\">\n";
        for (const auto* r : steps) {
            std::string t = seconds(r->seconds);
            out += "    <testcase classname=\"" + xml_escape(r->unique_id) + "\" name=\"" +
                   xml_escape(r->name) + "\" file=\"" + xml_escape(r->loc.file) + "\" time=\"" +
                   t.substr(0, t.size() - 1) + "\"";
            switch (r->status) {
            case results::Status::Fail:
                out += ">\n      <failure message=\"" + xml_escape(r->message) + "\">" +
                       xml_escape(r->sql) + "</failure>\n    </testcase>\n";
                break;
            case results::Status::Error:
                out += ">\n      <error message=\"" + xml_escape(r->message) + "\">" +
                       xml_escape(r->sql) + "</error>\n    </testcase>\n";
                break;
            case results::Status::Skipped:
                out += ">\n      <skipped message=\"" + xml_escape(r->message) + "\"/>\n    </testcase>\n";
                break;
            default: out += "/>\n";
            }
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

} // namespace dpipe::report
