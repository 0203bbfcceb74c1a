#include "git/tree_source.hpp"
#include "util/file_source.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using dpipe::git::GitError;
using dpipe::git::open_tree_source;
using dpipe::util::ListOptions;
using dpipe::util::ListProblem;
using dpipe::util::SourceError;

namespace {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-tree-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

int sh(const fs::path& dir, const std::string& cmd) {
    return std::system(("cd '" + dir.string() + "' && " + cmd + " >/dev/null 2>&1").c_str());
}

std::string sh_out(const fs::path& dir, const std::string& cmd) {
    fs::path out = dir / ".out";
    REQUIRE(std::system(
                ("cd '" + dir.string() + "' && " + cmd + " > '" + out.string() + "'").c_str()) ==
            0);
    auto text = dpipe::util::read_file(out, 1 << 20);
    REQUIRE(text.ok());
    fs::remove(out);
    return std::string(dpipe::util::trim(*text));
}

void put(const fs::path& file, const std::string& bytes) {
    REQUIRE(dpipe::util::write_file_atomic(file, bytes).ok());
}

const std::string k_commit = "git -c user.email=t@e -c user.name=t commit -q";

// A repository with a project nested in `warehouse/`, one commit, then working-tree edits.
struct Repo {
    fs::path dir = temp_dir();
    fs::path project = dir / "warehouse";
    Repo() {
        REQUIRE(sh(dir, "git init -q -b main") == 0);
        put(dir / "README.md", "top level\n");
        put(project / "dbt_project.yml", "name: shop\n");
        put(project / "models" / "a.sql", "select 1\n");
        put(project / "models" / "b.sql", "select 2\n");
        put(project / "models" / "staging" / "c.sql", "select 3\n");
        put(project / "models" / "schema.yml", "version: 2\n");
        put(project / "target" / "run.sql", "compiled\n");
        put(project / ".hidden" / "h.sql", "hidden\n");
        fs::create_symlink("a.sql", project / "models" / "link.sql");
        REQUIRE(sh(dir, "git add -A && " + k_commit + " -m first") == 0);
        // A submodule entry without a real submodule: a gitlink in the index.
        REQUIRE(sh(dir,
                   "git update-index --add --cacheinfo "
                   "160000,1111111111111111111111111111111111111111,warehouse/models/vendor") == 0);
        REQUIRE(sh(dir, k_commit + " -m second") == 0);
    }
    ~Repo() { fs::remove_all(dir); }
};

bool has_problem(const std::vector<ListProblem>& problems, ListProblem::Kind kind,
                 const std::string& path) {
    for (const auto& p : problems) {
        if (p.kind == kind && p.path == path) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("the git tree at HEAD shows committed content, not working-tree edits") {
    Repo repo;
    put(repo.project / "models" / "a.sql", "select 'edited'\n");
    put(repo.project / "models" / "untracked.sql", "select 9\n");
    fs::remove(repo.project / "models" / "b.sql");

    auto opened = open_tree_source(repo.project.string(), "HEAD");
    REQUIRE(opened.ok());
    auto& src = **opened;
    CHECK(src.commit_id() == sh_out(repo.dir, "git rev-parse HEAD"));
    CHECK(src.short_id() == src.commit_id().substr(0, src.short_id().size()));
    CHECK(src.short_id().size() >= 7);
    CHECK(src.project_path() == "warehouse");
    CHECK(src.repository() == fs::canonical(repo.dir).string());
    CHECK(src.describe() == "HEAD (" + src.short_id() + ") in " + src.repository());
    CHECK(src.root_path().empty());

    std::vector<ListProblem> problems;
    auto files = src.list("models", ListOptions{{".sql"}, {"target"}, true}, problems);
    CHECK(files ==
          std::vector<std::string>{"models/a.sql", "models/b.sql", "models/staging/c.sql"});
    REQUIRE(problems.size() == 2);
    CHECK(has_problem(problems, ListProblem::Kind::Symlink, "models/link.sql"));
    CHECK(has_problem(problems, ListProblem::Kind::Special, "models/vendor"));

    auto a = src.read("models/a.sql", 1000);
    REQUIRE(a.ok());
    CHECK(a->bytes == "select 1\n");
    CHECK(a->id == dpipe::util::git_blob_id("select 1\n"));
    CHECK(a->id == sh_out(repo.dir, "git rev-parse HEAD:warehouse/models/a.sql"));
    CHECK(src.read("models/b.sql", 1000).ok());
    CHECK(src.read("models/untracked.sql", 1000).error().kind == SourceError::Kind::NotFound);

    // Unchanged files have the same id from both sources.
    dpipe::util::WorktreeSource worktree(repo.project.string());
    CHECK(src.read("models/staging/c.sql", 1000)->id ==
          worktree.read("models/staging/c.sql", 1000)->id);
    CHECK(src.read("dbt_project.yml", 1000)->id == worktree.read("dbt_project.yml", 1000)->id);
}

TEST_CASE("git tree reads refuse what they should") {
    Repo repo;
    auto opened = open_tree_source(repo.project.string(), "main");
    REQUIRE(opened.ok());
    auto& src = **opened;
    CHECK(src.read("models/a.sql", 8).error().kind == SourceError::Kind::TooLarge);
    CHECK(src.read("models/a.sql", 9).ok());
    CHECK(src.read("models", 100).error().kind == SourceError::Kind::NotAFile);
    CHECK(src.read("models/link.sql", 100).error().kind == SourceError::Kind::NotAFile);
    CHECK(src.read("models/vendor", 100).error().kind == SourceError::Kind::NotAFile);
    CHECK(src.read("models/vendor/x.sql", 100).error().kind == SourceError::Kind::NotFound);
    CHECK(src.read("../README.md", 100).error().kind == SourceError::Kind::Unreadable);
    CHECK(src.read("/etc/passwd", 100).error().kind == SourceError::Kind::Unreadable);
    CHECK(src.read("./models//a.sql", 100).ok());
    CHECK(src.is_file("models/a.sql"));
    CHECK_FALSE(src.is_file("models/link.sql"));
    CHECK_FALSE(src.is_file("models"));
    CHECK(src.is_directory("models/staging"));
    CHECK(src.is_directory(""));
    CHECK_FALSE(src.is_directory("models/vendor"));
    CHECK_FALSE(src.is_directory("models/a.sql"));

    std::vector<ListProblem> problems;
    CHECK(src.list("missing", ListOptions{}, problems).empty());
    CHECK(src.list("models/a.sql", ListOptions{}, problems).empty());
    CHECK(problems.empty());
    CHECK(src.list("models/link.sql", ListOptions{}, problems).empty());
    CHECK(src.list("models/vendor", ListOptions{}, problems).empty());
    CHECK(src.list("..", ListOptions{}, problems).empty());
    CHECK(problems.size() == 3);
}

TEST_CASE("the git tree lists what the working tree lists on a clean checkout") {
    Repo repo;
    REQUIRE(sh(repo.dir, "chmod +x warehouse/models/b.sql && " + k_commit + " -am exec") == 0);
    auto opened = open_tree_source(repo.project.string(), "HEAD");
    REQUIRE(opened.ok());
    // The gitlink has no folder in this working tree: compare without it.
    dpipe::util::WorktreeSource worktree(repo.project.string());
    std::vector<ListOptions> cases = {ListOptions{{".sql"}, {"target"}, true},
                                      ListOptions{{".sql", ".yml"}, {}, true},
                                      ListOptions{{}, {"staging"}, false}, ListOptions{}};
    for (const auto& options : cases) {
        for (std::string dir : {"", "models", "models/staging", "target", "nothing"}) {
            std::vector<ListProblem> git_problems;
            std::vector<ListProblem> disk_problems;
            auto from_git = (*opened)->list(dir, options, git_problems);
            auto from_disk = worktree.list(dir, options, disk_problems);
            CHECK(from_git == from_disk);
            std::vector<std::string> git_paths;
            for (const auto& p : git_problems) {
                if (p.path != "models/vendor") {
                    git_paths.push_back(p.path);
                }
            }
            std::vector<std::string> disk_paths;
            for (const auto& p : disk_problems) {
                disk_paths.push_back(p.path);
            }
            CHECK(git_paths == disk_paths);
        }
    }
}

TEST_CASE("an older revision, a project at the top and a project absent at a revision") {
    Repo repo;
    put(repo.project / "models" / "a.sql", "select 'v2'\n");
    REQUIRE(sh(repo.dir, k_commit + " -am v2") == 0);
    auto old = open_tree_source(repo.project.string(), "HEAD~1");
    REQUIRE(old.ok());
    CHECK((*old)->read("models/a.sql", 100)->bytes == "select 1\n");
    auto now = open_tree_source((repo.project / "models" / "..").string(), "HEAD");
    REQUIRE(now.ok());
    CHECK((*now)->read("models/a.sql", 100)->bytes == "select 'v2'\n");

    auto top = open_tree_source(repo.dir.string(), "HEAD");
    REQUIRE(top.ok());
    CHECK((*top)->project_path().empty());
    CHECK((*top)->is_file("README.md"));
    CHECK((*top)->is_file("warehouse/models/a.sql"));

    // A folder created after the first commit.
    put(repo.dir / "later" / "x.sql", "x\n");
    REQUIRE(sh(repo.dir, "git add -A && " + k_commit + " -m later") == 0);
    auto first = sh_out(repo.dir, "git rev-list --max-parents=0 HEAD");
    auto absent = open_tree_source((repo.dir / "later").string(), first);
    REQUIRE_FALSE(absent.ok());
    CHECK(absent.error().kind == GitError::Kind::NoProject);
    CHECK(absent.error().message.find("'later' does not exist at " + first) != std::string::npos);
    // A file is not a project folder.
    auto file = open_tree_source((repo.dir / "README.md").string(), "HEAD");
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().kind == GitError::Kind::NoProject);
    // A project deleted from the working tree is still readable at a revision that has it.
    fs::remove_all(repo.dir / "later");
    auto deleted = open_tree_source((repo.dir / "later").string(), "HEAD");
    REQUIRE(deleted.ok());
    CHECK((*deleted)->is_file("x.sql"));
}

TEST_CASE("bad and unknown revisions are rejected with a clear message") {
    Repo repo;
    for (const std::string& rev :
         std::vector<std::string>{"", "--upload-pack=x", "-h", "a..b", "HEAD...main", "HEAD\n",
                                  "has space", "tab\there", std::string(257, 'a')}) {
        auto r = open_tree_source(repo.project.string(), rev);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == GitError::Kind::BadRevision);
        CHECK_FALSE(dpipe::git::revision_problem(rev).empty());
    }
    CHECK(dpipe::git::revision_problem("origin/main~2^{commit}").empty());
    CHECK(dpipe::git::revision_problem(std::string(256, 'a')).empty());

    auto unknown = open_tree_source(repo.project.string(), "no-such-branch");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().kind == GitError::Kind::UnknownRevision);
    CHECK(unknown.error().message ==
          "unknown revision 'no-such-branch' in " + fs::canonical(repo.dir).string());
    auto blob = open_tree_source(repo.project.string(), "HEAD:README.md");
    REQUIRE_FALSE(blob.ok());
    CHECK(blob.error().kind == GitError::Kind::UnknownRevision);

    auto resolved = dpipe::git::resolve_commit(repo.project.string(), "main");
    REQUIRE(resolved.ok());
    CHECK(*resolved == sh_out(repo.dir, "git rev-parse main"));
    CHECK_FALSE(dpipe::git::resolve_commit(repo.project.string(), "a..b").ok());
}

TEST_CASE("no repository, and a repository without commits") {
    auto dir = temp_dir();
    auto none = open_tree_source(dir.string(), "HEAD");
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == GitError::Kind::NotARepository);
    REQUIRE(sh(dir, "git init -q -b main") == 0);
    auto empty = open_tree_source(dir.string(), "HEAD");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().kind == GitError::Kind::UnknownRevision);
    CHECK(empty.error().message.find("no commits yet") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("git tree reads from several threads at once") {
    Repo repo;
    for (int i = 0; i < 40; ++i) {
        put(repo.project / "models" / "many" / ("m" + std::to_string(i) + ".sql"),
            "select " + std::to_string(i) + "\n" +
                std::string(static_cast<std::size_t>(i) * 100, 'x'));
    }
    REQUIRE(sh(repo.dir, "git add -A && " + k_commit + " -m many && git gc -q") == 0);
    auto opened = open_tree_source(repo.project.string(), "HEAD");
    REQUIRE(opened.ok());
    std::vector<ListProblem> problems;
    auto files = (*opened)->list("models/many", ListOptions{}, problems);
    REQUIRE(files.size() == 40);
    dpipe::util::WorktreeSource worktree(repo.project.string());
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 5; ++round) {
                for (const auto& f : files) {
                    auto r = (*opened)->read(f, 1 << 20);
                    if (!r.ok() || r->id != dpipe::util::git_blob_id(r->bytes)) {
                        ++mismatches;
                    }
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(mismatches == 0);
    for (const auto& f : files) {
        CHECK((*opened)->read(f, 1 << 20)->id == worktree.read(f, 1 << 20)->id);
    }
}
