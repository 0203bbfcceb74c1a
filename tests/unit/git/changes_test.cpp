#include "git/changes.hpp"
#include "util/file_source.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using dpipe::git::ChangeRequest;
using dpipe::git::ChangeSet;
using dpipe::git::ChangeStatus;
using dpipe::git::EntryKind;
using dpipe::git::FileChange;
using dpipe::git::find_changes;
using dpipe::git::GitError;

namespace {

fs::path temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "dpipe-changes-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    return tmpl;
}

int sh(const fs::path& dir, const std::string& cmd) {
    return std::system(("cd '" + dir.string() + "' && " + cmd + " >/dev/null 2>&1").c_str());
}

std::string sh_out(const fs::path& dir, const std::string& cmd) {
    fs::path out = fs::temp_directory_path() / ("dpipe-changes-out-" + std::to_string(::getpid()));
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

// Long enough that a small edit keeps it above the 50% rename threshold.
std::string model(const std::string& name) {
    std::string text = "-- model " + name + "\nselect\n";
    for (int i = 0; i < 20; ++i) {
        text += "    column_" + std::to_string(i) + " as " + name + "_" + std::to_string(i) + ",\n";
    }
    return text + "    1 as one\nfrom source_table\n";
}

// A repository on `main` with a project nested in `warehouse/` and one file outside it.
struct Repo {
    fs::path dir = temp_dir();
    fs::path project = dir / "warehouse";
    explicit Repo(const std::string& branch = "main") {
        REQUIRE(sh(dir, "git init -q -b " + branch) == 0);
        put(dir / "README.md", "top level\n");
        put(dir / ".gitignore", "*.log\n");
        put(project / "dbt_project.yml", "name: shop\n");
        put(project / "models" / "a.sql", model("a"));
        put(project / "models" / "b.sql", model("b"));
        put(project / "models" / "c.sql", model("c"));
        commit_all("first");
    }
    ~Repo() { fs::remove_all(dir); }
    void commit_all(const std::string& message) const {
        REQUIRE(sh(dir, "git add -A && " + k_commit + " -m " + message) == 0);
    }
    std::string rev(const std::string& what) const { return sh_out(dir, "git rev-parse " + what); }
};

ChangeSet changes_of(const fs::path& project, const std::string& base = "",
                     const std::string& head = "") {
    auto found = find_changes(ChangeRequest{project.string(), base, head});
    if (!found.ok()) {
        FAIL(found.error().message);
    }
    return std::move(*found);
}

// "status old -> new" lines, for whole-list comparisons.
std::vector<std::string> summary(const ChangeSet& set) {
    std::vector<std::string> out;
    for (const auto& c : set.changes) {
        std::string line = dpipe::git::to_string(c.status);
        line += " " + (c.old_path.empty() ? "-" : c.old_path);
        line += " -> " + (c.new_path.empty() ? "-" : c.new_path);
        out.push_back(line);
    }
    return out;
}

const FileChange& change_at(const ChangeSet& set, const std::string& path) {
    for (const auto& c : set.changes) {
        if (c.path() == path) {
            return c;
        }
    }
    FAIL("no change at " << path);
    throw; // unreachable
}

} // namespace

TEST_CASE("a head revision: added, modified and deleted files against the default branch") {
    Repo repo;
    REQUIRE(sh(repo.dir, "git checkout -q -b feature") == 0);
    put(repo.project / "models" / "a.sql", "select 'new a'\n");
    fs::remove(repo.project / "models" / "b.sql");
    put(repo.project / "models" / "d.sql", "select 'd'\n");
    repo.commit_all("feature");
    REQUIRE(sh(repo.dir, "git checkout -q main") == 0);
    // Working-tree edits on main do not matter when head is a revision.
    put(repo.project / "models" / "c.sql", "select 'dirty'\n");

    auto set = changes_of(repo.project, "", "feature");
    CHECK_FALSE(set.working_tree);
    CHECK(set.head_ref == "feature");
    CHECK(set.base_ref == "main");
    CHECK(set.base_tip == repo.rev("main"));
    CHECK(set.base_commit == repo.rev("main"));
    CHECK(set.head_commit == repo.rev("feature"));
    CHECK(set.repository == fs::canonical(repo.dir).string());
    CHECK(set.project_path == "warehouse");
    CHECK(set.project_dir == fs::canonical(repo.project).string());
    CHECK(summary(set) == std::vector<std::string>{"modified models/a.sql -> models/a.sql",
                                                   "deleted models/b.sql -> -",
                                                   "added - -> models/d.sql"});
    const auto& a = change_at(set, "models/a.sql");
    CHECK(a.old_blob_id == repo.rev("main:warehouse/models/a.sql"));
    CHECK(a.new_blob_id == repo.rev("feature:warehouse/models/a.sql"));
    CHECK(a.old_kind == EntryKind::File);
    CHECK(a.new_kind == EntryKind::File);
    CHECK(a.similarity == 0);
    const auto& b = change_at(set, "models/b.sql");
    CHECK(b.old_blob_id == repo.rev("main:warehouse/models/b.sql"));
    CHECK(b.new_blob_id.empty());
    CHECK(b.new_kind == EntryKind::None);
    const auto& d = change_at(set, "models/d.sql");
    CHECK(d.old_blob_id.empty());
    CHECK(d.new_blob_id == dpipe::util::git_blob_id("select 'd'\n"));

    // Both snapshots, with the ids the change set names.
    auto base = dpipe::git::open_base_source(set);
    REQUIRE(base.ok());
    CHECK((*base)->read("models/b.sql", 1 << 20)->id == b.old_blob_id);
    auto head = dpipe::git::open_head_source(set);
    REQUIRE(head.ok());
    CHECK((*head)->read("models/d.sql", 1 << 20)->id == d.new_blob_id);
    CHECK_FALSE((*head)->is_file("models/b.sql"));
}

TEST_CASE("a moved file is one change, also with a small edit") {
    Repo repo;
    REQUIRE(sh(repo.dir, "git checkout -q -b feature") == 0);
    REQUIRE(sh(repo.dir, "git mv warehouse/models/a.sql warehouse/models/staging_a.sql") == 0);
    fs::create_directories(repo.project / "models" / "marts");
    REQUIRE(sh(repo.dir, "git mv warehouse/models/b.sql warehouse/models/marts/b.sql") == 0);
    put(repo.project / "models" / "marts" / "b.sql", model("b") + "where true\n");
    repo.commit_all("move");

    auto set = changes_of(repo.project, "main", "feature");
    CHECK(summary(set) == std::vector<std::string>{"moved models/b.sql -> models/marts/b.sql",
                                                   "moved models/a.sql -> models/staging_a.sql"});
    const auto& a = change_at(set, "models/staging_a.sql");
    CHECK(a.similarity == 100);
    CHECK(a.old_blob_id == a.new_blob_id);
    const auto& b = change_at(set, "models/marts/b.sql");
    CHECK(b.similarity >= 50);
    CHECK(b.similarity < 100);
    CHECK(b.old_blob_id == repo.rev("main:warehouse/models/b.sql"));
    CHECK(b.new_blob_id == repo.rev("feature:warehouse/models/marts/b.sql"));

    // A rewrite is not a move.
    REQUIRE(sh(repo.dir, "git checkout -q -b rewrite main") == 0);
    REQUIRE(sh(repo.dir, "git mv warehouse/models/c.sql warehouse/models/e.sql") == 0);
    put(repo.project / "models" / "e.sql", "select 'something else entirely'\n");
    repo.commit_all("rewrite");
    CHECK(summary(changes_of(repo.project, "main", "rewrite")) ==
          std::vector<std::string>{"deleted models/c.sql -> -", "added - -> models/e.sql"});

    // Copies only when asked for.
    REQUIRE(sh(repo.dir, "git checkout -q -b copy main") == 0);
    put(repo.project / "models" / "a_copy.sql", model("a"));
    put(repo.project / "models" / "a.sql", model("a") + "-- edited\n");
    repo.commit_all("copy");
    CHECK(summary(changes_of(repo.project, "main", "copy")) ==
          std::vector<std::string>{"modified models/a.sql -> models/a.sql",
                                   "added - -> models/a_copy.sql"});
    auto copies = find_changes(ChangeRequest{repo.project.string(), "main", "copy", true});
    REQUIRE(copies.ok());
    CHECK(summary(*copies) == std::vector<std::string>{"modified models/a.sql -> models/a.sql",
                                                       "copied models/a.sql -> models/a_copy.sql"});
}

TEST_CASE("the working tree: committed, staged, unstaged and untracked changes") {
    Repo repo;
    REQUIRE(sh(repo.dir, "git checkout -q -b feature") == 0);
    put(repo.project / "models" / "committed.sql", "select 'committed'\n");
    repo.commit_all("committed");
    put(repo.project / "models" / "staged.sql", "select 'staged'\n");
    put(repo.project / "models" / "a.sql", model("a") + "-- staged edit\n");
    REQUIRE(sh(repo.dir, "git add warehouse/models/staged.sql warehouse/models/a.sql") == 0);
    put(repo.project / "models" / "a.sql", model("a") + "-- staged edit\n-- and unstaged\n");
    put(repo.project / "models" / "b.sql", "select 'unstaged rewrite'\n");
    put(repo.project / "models" / "new" / "deep" / "untracked.sql", "select 'untracked'\n");
    put(repo.project / "models" / "debug.log", "ignored\n");
    // A move done without git: the deleted file and an untracked one pair up.
    fs::rename(repo.project / "models" / "c.sql", repo.project / "models" / "c_moved.sql");
    put(repo.project / "models" / "c_moved.sql", model("c") + "-- small edit\n");

    auto set = changes_of(repo.project);
    CHECK(set.working_tree);
    CHECK(set.head_ref.empty());
    CHECK(set.head_commit == repo.rev("HEAD"));
    CHECK(set.base_commit == repo.rev("main"));
    CHECK(summary(set) == std::vector<std::string>{
                              "modified models/a.sql -> models/a.sql",
                              "modified models/b.sql -> models/b.sql",
                              "moved models/c.sql -> models/c_moved.sql",
                              "added - -> models/committed.sql",
                              "added - -> models/new/deep/untracked.sql",
                              "added - -> models/staged.sql",
                          });
    CHECK(change_at(set, "models/c_moved.sql").similarity < 100);
    // Ids of working-tree files are those of their bytes on disk, as WorktreeSource gives them.
    auto head = dpipe::git::open_head_source(set);
    REQUIRE(head.ok());
    CHECK((*head)->root_path() == set.project_dir);
    for (const auto& c : set.changes) {
        CHECK(c.new_blob_id == (*head)->read(c.new_path, 1 << 20)->id);
    }
    CHECK(change_at(set, "models/a.sql").new_blob_id ==
          dpipe::util::git_blob_id(model("a") + "-- staged edit\n-- and unstaged\n"));
    auto base = dpipe::git::open_base_source(set);
    REQUIRE(base.ok());
    CHECK((*base)->read("models/c.sql", 1 << 20)->id ==
          change_at(set, "models/c_moved.sql").old_blob_id);

    // A symlink's id is that of its target text, as git stores it.
    fs::create_symlink("a.sql", repo.project / "models" / "link.sql");
    auto with_link = changes_of(repo.project);
    const auto& link = change_at(with_link, "models/link.sql");
    CHECK(link.new_kind == EntryKind::Symlink);
    CHECK(link.new_blob_id == dpipe::util::git_blob_id("a.sql"));

    // A clean working tree on the default branch has no changes.
    REQUIRE(sh(repo.dir,
               "git -c user.email=t@e -c user.name=t stash -q -u && git checkout -q main") == 0);
    CHECK(changes_of(repo.project).changes.empty());
}

TEST_CASE("the working tree is what is on disk, whatever the index says") {
    Repo repo;
    // Removed from the index, kept on disk: still there (untracked, not ignored).
    REQUIRE(sh(repo.dir, "git rm -q --cached warehouse/models/a.sql") == 0);
    REQUIRE(sh(repo.dir, "git rm -q --cached warehouse/models/b.sql") == 0);
    put(repo.project / "models" / "b.sql", "select 'b on disk'\n");
    // ...and paired by rename detection with an untracked copy: the copy is an arrival.
    REQUIRE(sh(repo.dir, "git rm -q --cached warehouse/models/c.sql") == 0);
    put(repo.project / "models" / "c_copy.sql", model("c"));
    // Staged as new, then deleted from disk: gone.
    put(repo.project / "models" / "gone.sql", "select 'gone'\n");
    REQUIRE(sh(repo.dir, "git add warehouse/models/gone.sql") == 0);
    fs::remove(repo.project / "models" / "gone.sql");
    // Ignored, but added by force: part of what would be committed.
    put(repo.project / "models" / "forced.log", "forced\n");
    REQUIRE(sh(repo.dir, "git add -f warehouse/models/forced.log") == 0);
    put(repo.project / "models" / "ignored.log", "ignored\n");
    // Removed from the index and ignored on disk: deleted.
    put(repo.project / "dbt_project.log", "x\n");
    REQUIRE(sh(repo.dir, "git rm -q --cached warehouse/dbt_project.yml") == 0);
    fs::rename(repo.project / "dbt_project.yml", repo.project / "dbt_project.yml.log");
    // A file that became a symlink.
    fs::remove(repo.project / "models" / "c.sql");
    put(repo.project / "models" / "c.sql.target", model("c"));
    fs::create_symlink("c.sql.target", repo.project / "models" / "c.sql");

    // A staged edit undone on disk, and a change of the executable bit alone: no change.
    put(repo.dir / "README.md", "staged\n");
    REQUIRE(sh(repo.dir, "git add README.md") == 0);
    put(repo.dir / "README.md", "top level\n");
    fs::permissions(repo.dir / ".gitignore", fs::perms::owner_exec, fs::perm_options::add);
    auto top = changes_of(repo.dir);
    for (const auto& c : top.changes) {
        CHECK(c.path().rfind("warehouse/", 0) == 0);
    }

    auto set = changes_of(repo.project);
    CHECK(top.changes.size() == set.changes.size());
    CHECK(summary(set) == std::vector<std::string>{
                              "deleted dbt_project.yml -> -",
                              "modified models/b.sql -> models/b.sql",
                              "modified models/c.sql -> models/c.sql",
                              "added - -> models/c.sql.target",
                              "added - -> models/c_copy.sql",
                              "added - -> models/forced.log",
                          });
    const auto& b = change_at(set, "models/b.sql");
    CHECK(b.new_blob_id == dpipe::util::git_blob_id("select 'b on disk'\n"));
    CHECK(b.old_blob_id == repo.rev("HEAD:warehouse/models/b.sql"));
    const auto& c = change_at(set, "models/c.sql");
    CHECK(c.old_kind == EntryKind::File);
    CHECK(c.new_kind == EntryKind::Symlink);
    CHECK(c.new_blob_id == dpipe::util::git_blob_id("c.sql.target"));
}

TEST_CASE("the base is origin/HEAD's target, else origin/main, main, master, else --base is required") {
    Repo origin;
    REQUIRE(sh(origin.dir, "git branch trunk") == 0);
    fs::path clone = temp_dir();
    REQUIRE(sh(clone, "git clone -q 'file://" + origin.dir.string() + "' repo") == 0);
    fs::path project = clone / "repo" / "warehouse";
    REQUIRE(sh(clone / "repo", "git remote set-head origin trunk") == 0);
    // Local main moves on; origin/HEAD still wins.
    put(project / "models" / "a.sql", "select 'local main'\n");
    REQUIRE(sh(clone / "repo", "git add -A && " + k_commit + " -m local") == 0);
    auto set = changes_of(project);
    CHECK(set.base_ref == "origin/trunk");
    CHECK(set.base_tip == sh_out(clone / "repo", "git rev-parse origin/trunk"));
    CHECK(summary(set) == std::vector<std::string>{"modified models/a.sql -> models/a.sql"});
    // Without origin/HEAD, origin's main (a CI checkout has origin's branches, not origin/HEAD).
    REQUIRE(sh(clone / "repo", "git remote set-head origin -d") == 0);
    set = changes_of(project);
    CHECK(set.base_ref == "origin/main");
    CHECK(summary(set) == std::vector<std::string>{"modified models/a.sql -> models/a.sql"});
    // Without origin's branches, the local main.
    REQUIRE(sh(clone / "repo", "git branch -r -d origin/main origin/trunk") == 0);
    set = changes_of(project);
    CHECK(set.base_ref == "main");
    CHECK(set.changes.empty());
    fs::remove_all(clone);

    Repo master("master");
    put(master.project / "models" / "z.sql", "select 'z'\n");
    set = changes_of(master.project);
    CHECK(set.base_ref == "master");
    CHECK(summary(set) == std::vector<std::string>{"added - -> models/z.sql"});

    Repo trunk("trunk");
    auto none = find_changes(ChangeRequest{trunk.project.string(), "", ""});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == GitError::Kind::NoBase);
    CHECK(none.error().message.find("--base is required") == 0);
    // --base works without a default branch.
    set = changes_of(trunk.project, "trunk");
    CHECK(set.base_ref == "trunk");
    CHECK(set.changes.empty());
}

TEST_CASE("a branch rebased onto a main that moved on shows only its own changes") {
    Repo repo;
    REQUIRE(sh(repo.dir, "git checkout -q -b feature") == 0);
    put(repo.project / "models" / "f.sql", "select 'feature'\n");
    repo.commit_all("feature");
    REQUIRE(sh(repo.dir, "git checkout -q main") == 0);
    put(repo.project / "models" / "a.sql", "select 'main moved'\n");
    put(repo.project / "models" / "m.sql", "select 'main added'\n");
    repo.commit_all("main-moved");
    REQUIRE(sh(repo.dir, "git checkout -q feature") == 0);

    auto before = changes_of(repo.project);
    CHECK(before.base_commit == repo.rev("main~1"));
    CHECK(before.base_tip == repo.rev("main"));
    CHECK(summary(before) == std::vector<std::string>{"added - -> models/f.sql"});
    CHECK(summary(changes_of(repo.project, "main", "feature")) == summary(before));

    REQUIRE(sh(repo.dir, "git -c user.email=t@e -c user.name=t rebase -q main") == 0);
    auto after = changes_of(repo.project);
    CHECK(after.base_commit == repo.rev("main"));
    CHECK(summary(after) == std::vector<std::string>{"added - -> models/f.sql"});

    // Histories that never met have no merge base.
    REQUIRE(sh(repo.dir, "git checkout -q --orphan lonely && " + k_commit + " -m lonely") == 0);
    auto lonely = find_changes(ChangeRequest{repo.project.string(), "main", "lonely"});
    REQUIRE_FALSE(lonely.ok());
    CHECK(lonely.error().kind == GitError::Kind::NoMergeBase);
}

TEST_CASE("a shallow clone names the fix") {
    Repo origin;
    REQUIRE(sh(origin.dir, "git checkout -q -b feature") == 0);
    put(origin.project / "models" / "f.sql", "select 'feature'\n");
    origin.commit_all("feature");
    REQUIRE(sh(origin.dir, "git checkout -q main") == 0);
    put(origin.project / "models" / "a.sql", "select 'main moved'\n");
    origin.commit_all("main-moved");

    fs::path clone = temp_dir();
    REQUIRE(sh(clone, "git clone -q --depth 1 --no-single-branch 'file://" + origin.dir.string() +
                          "' repo") == 0);
    fs::path project = clone / "repo" / "warehouse";
    const std::string fix = "fetch the history (actions/checkout with fetch-depth: 0) or pass "
                            "--base with a fetched ref";

    auto plain = find_changes(ChangeRequest{project.string(), "", ""});
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().kind == GitError::Kind::ShallowHistory);
    CHECK(plain.error().message.find(fix) != std::string::npos);

    auto cut = find_changes(ChangeRequest{project.string(), "origin/main", "origin/feature"});
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().kind == GitError::Kind::ShallowHistory);
    CHECK(cut.error().message.find(fix) != std::string::npos);

    // A fetched base whose history is present works.
    auto same = find_changes(ChangeRequest{project.string(), "origin/main", ""});
    REQUIRE(same.ok());
    CHECK(same->changes.empty());

    // Deep enough to hold the merge base: found among the commits the clone has.
    REQUIRE(sh(clone, "git clone -q --depth 2 --no-single-branch 'file://" + origin.dir.string() +
                          "' deeper") == 0);
    fs::path deeper = clone / "deeper";
    REQUIRE(sh_out(deeper, "git rev-parse --is-shallow-repository") == "true");
    REQUIRE(sh(deeper, "git checkout -q feature") == 0);
    auto found = find_changes(ChangeRequest{(deeper / "warehouse").string(), "origin/main", ""});
    REQUIRE(found.ok());
    CHECK(found->base_commit == origin.rev("main~1"));
    CHECK(found->base_commit == sh_out(deeper, "git merge-base origin/main HEAD"));
    CHECK(summary(*found) == std::vector<std::string>{"added - -> models/f.sql"});
    // Without --base the shallow clone is still refused.
    auto refused = find_changes(ChangeRequest{(deeper / "warehouse").string(), "", ""});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == GitError::Kind::ShallowHistory);
    fs::remove_all(clone);
}

TEST_CASE("a project in a monorepo sees only its own folder, with paths relative to it") {
    Repo repo;
    put(repo.dir / "other" / "models" / "a.sql", model("a"));
    repo.commit_all("other");
    REQUIRE(sh(repo.dir, "git checkout -q -b feature") == 0);
    put(repo.dir / "README.md", "changed outside\n");
    put(repo.dir / "other" / "models" / "x.sql", "select 'outside'\n");
    put(repo.dir / "warehouse-old" / "y.sql", "select 'prefix, not inside'\n");
    put(repo.project / "models" / "b.sql", model("b") + "-- edit\n");
    // Moved in from outside the project: an arrival as the project sees it.
    REQUIRE(sh(repo.dir, "git mv other/models/a.sql warehouse/models/from_other.sql") == 0);
    // Moved out: a departure.
    REQUIRE(sh(repo.dir, "git mv warehouse/models/c.sql other/models/c.sql") == 0);
    repo.commit_all("mixed");

    // Opened from the project folder, the work tree is found upward.
    auto set = changes_of(repo.project, "main", "feature");
    CHECK(set.project_path == "warehouse");
    CHECK(summary(set) == std::vector<std::string>{"modified models/b.sql -> models/b.sql",
                                                   "deleted models/c.sql -> -",
                                                   "added - -> models/from_other.sql"});
    // The same in working-tree mode, with an untracked file outside.
    put(repo.dir / "other" / "untracked.sql", "x\n");
    CHECK(summary(changes_of(repo.project, "main")) == summary(set));
    // A deeper project folder.
    auto deeper = changes_of(repo.project / "models", "main", "feature");
    CHECK(deeper.project_path == "warehouse/models");
    CHECK(deeper.changes.size() == 3);
    CHECK(deeper.changes.front().new_path == "b.sql");
    // A project that did not exist at the base: all of it is new, and its base source says so.
    put(repo.dir / "fresh" / "models" / "n.sql", "select 'n'\n");
    auto fresh = changes_of(repo.dir / "fresh", "main");
    CHECK(summary(fresh) == std::vector<std::string>{"added - -> models/n.sql"});
    auto no_base = dpipe::git::open_base_source(fresh);
    REQUIRE_FALSE(no_base.ok());
    CHECK(no_base.error().kind == GitError::Kind::NoProject);
    // The whole repository.
    auto top = changes_of(repo.dir, "main", "feature");
    CHECK(top.project_path.empty());
    CHECK(change_at(top, "README.md").status == ChangeStatus::Modified);
}

TEST_CASE("a linked worktree is its own head and working tree") {
    Repo repo;
    fs::path linked = temp_dir() / "linked";
    REQUIRE(sh(repo.dir, "git worktree add -q -b feature '" + linked.string() + "'") == 0);
    put(linked / "warehouse" / "models" / "w.sql", "select 'in the linked worktree'\n");
    put(linked / "warehouse" / "models" / "a.sql", model("a") + "-- edited\n");
    REQUIRE(sh(linked, "git add warehouse/models/a.sql && " + k_commit + " -m edit") == 0);

    auto set = changes_of(linked / "warehouse");
    CHECK(set.repository == fs::canonical(linked).string());
    CHECK(set.base_ref == "main");
    CHECK(set.head_commit == sh_out(linked, "git rev-parse HEAD"));
    CHECK(summary(set) == std::vector<std::string>{"modified models/a.sql -> models/a.sql",
                                                   "added - -> models/w.sql"});
    // The main work tree is unaffected.
    CHECK(changes_of(repo.project).changes.empty());
    REQUIRE(sh(repo.dir, "git worktree remove --force '" + linked.string() + "'") == 0);
    fs::remove_all(linked.parent_path());
}

TEST_CASE("bad revision strings are refused before git sees them") {
    Repo repo;
    for (const std::string& rev :
         std::vector<std::string>{"-x", "--output=/tmp/x", "main..feature", "main...HEAD", "ma\nin",
                                  "ma\x7fin", "has space"}) {
        auto as_base = find_changes(ChangeRequest{repo.project.string(), rev, ""});
        REQUIRE_FALSE(as_base.ok());
        CHECK(as_base.error().kind == GitError::Kind::BadRevision);
        auto as_head = find_changes(ChangeRequest{repo.project.string(), "main", rev});
        REQUIRE_FALSE(as_head.ok());
        CHECK(as_head.error().kind == GitError::Kind::BadRevision);
    }
    // Refused even where no repository is.
    fs::path empty = temp_dir();
    auto nowhere = find_changes(ChangeRequest{empty.string(), "-x", ""});
    CHECK(nowhere.error().kind == GitError::Kind::BadRevision);
    auto none = find_changes(ChangeRequest{empty.string(), "", ""});
    CHECK(none.error().kind == GitError::Kind::NotARepository);
    // An unborn HEAD.
    REQUIRE(sh(empty, "git init -q -b main") == 0);
    auto unborn = find_changes(ChangeRequest{empty.string(), "", ""});
    CHECK(unborn.error().kind == GitError::Kind::UnknownRevision);
    fs::remove_all(empty);

    auto unknown = find_changes(ChangeRequest{repo.project.string(), "no-such-branch", ""});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().kind == GitError::Kind::UnknownRevision);
    CHECK(unknown.error().message.find("'no-such-branch'") != std::string::npos);
}
