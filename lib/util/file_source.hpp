#pragma once
// The file-source seam: everything dpipe reads of a project goes through this interface, so the
// same loader reads the working tree, a git tree at a revision (lib/git) or an in-memory tree
// (unit tests). Paths are relative to the source's root, with forward slashes and no leading
// "./"; "" names the root itself.
//
// Every file carries its content id: the git blob id (lower-case hex SHA-1 of
// "blob <size>\0<bytes>"), computed for working-tree files exactly as git computes it, so one
// file has one id whichever source it comes from. Caches key on it.
//
// Implementations are safe to call from several threads at once.

#include "util/id_memo.hpp"
#include "util/result.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::util {

// Something found while listing that is not a readable regular file: a symlink (never
// followed, in any source), an unreadable directory, a special file (FIFO, socket, device),
// a name that is not valid UTF-8. Reported by the caller, never silently skipped.
struct ListProblem {
    enum class Kind { Symlink, Unreadable, Special, BadName };
    Kind kind = Kind::Unreadable;
    std::string path;    // relative to the root, as far as it could be spelled
    std::string message; // human reason, e.g. "Permission denied"
};

struct ListOptions {
    std::vector<std::string> suffixes;  // keep files whose name ends with one of these; {} = all
    std::vector<std::string> skip_dirs; // directory names not entered (anywhere below `dir`)
    bool skip_hidden = true;            // do not enter directories whose name starts with '.'
};

struct FileData {
    std::string bytes;
    std::string id; // git blob id, 40 lower-case hex digits
};

struct SourceError {
    enum class Kind { NotFound, TooLarge, Unreadable, NotAFile };
    Kind kind = Kind::Unreadable;
    std::string message;
};

class FileSource {
public:
    virtual ~FileSource() = default;

    // Regular files below directory `dir` (recursively), sorted bytewise by path, as paths
    // relative to the root. A missing `dir` gives an empty list and no problem. The walk goes on
    // past every problem.
    virtual std::vector<std::string> list(std::string_view dir, const ListOptions& options,
                                          std::vector<ListProblem>& problems) const = 0;
    // The bytes and blob id of a regular file. Files larger than max_bytes are refused
    // (TooLarge) without being read whole.
    virtual Result<FileData, SourceError> read(std::string_view path, std::uint64_t max_bytes) const = 0;
    virtual bool is_file(std::string_view path) const = 0;
    virtual bool is_directory(std::string_view path) const = 0;
    // Where the files come from, for messages: "/abs/project" or "HEAD (3f2a9c1) in /abs/repo".
    virtual std::string describe() const = 0;
    // The absolute working-tree path of the root when there is one, else "" (git, memory).
    virtual std::string root_path() const { return {}; }
};

// The git blob id of `bytes`.
std::string git_blob_id(std::string_view bytes);

// Files of a directory on disk.
class WorktreeSource : public FileSource {
public:
    explicit WorktreeSource(std::string root); // absolute directory
    std::vector<std::string> list(std::string_view dir, const ListOptions& options,
                                  std::vector<ListProblem>& problems) const override;
    Result<FileData, SourceError> read(std::string_view path, std::uint64_t max_bytes) const override;
    bool is_file(std::string_view path) const override;
    bool is_directory(std::string_view path) const override;
    std::string describe() const override { return m_root; }
    std::string root_path() const override { return m_root; }
    // Blob ids remembered by path and stat data (util/id_memo.hpp): read() takes a file's id from
    // it when its stat data is unchanged instead of hashing the bytes, and records the ids it
    // computes. Not owned; must outlive the reads; nullptr (the default) = always hash.
    void set_id_memo(IdMemo* memo) { m_ids = memo; }

private:
    std::string m_root;
    IdMemo* m_ids = nullptr;
};

// Files held in memory (unit tests, fuzzing). Directories exist implicitly as prefixes.
class MemorySource : public FileSource {
public:
    MemorySource() = default;
    explicit MemorySource(std::map<std::string, std::string> files);
    void add(std::string path, std::string bytes);
    std::vector<std::string> list(std::string_view dir, const ListOptions& options,
                                  std::vector<ListProblem>& problems) const override;
    Result<FileData, SourceError> read(std::string_view path, std::uint64_t max_bytes) const override;
    bool is_file(std::string_view path) const override;
    bool is_directory(std::string_view path) const override;
    std::string describe() const override { return "memory"; }

private:
    std::map<std::string, std::string> m_files;
};

} // namespace dpipe::util
