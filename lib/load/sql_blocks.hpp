#pragma once
// Pure scanners for the dbt blocks a SQL file may hold: `{% snapshot name %}...{% endsnapshot %}`
// (one snapshot node per block, several per file) and generic test definitions
// (`{% test name(...) %}` or the older `{% macro test_name(...) %}`). They take the file's bytes
// and nothing else, so their results can be cached by content. Tags inside `{# ... #}` comments
// are ignored; a block without its end tag runs to the end of the file.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dpipe::load {

struct SnapshotBlock {
    std::string name;
    int line = 1;                // of the name in the opening tag (1-based)
    int col = 1;
    std::size_t body_begin = 0;  // byte offsets of the text between the tags
    std::size_t body_end = 0;
};

std::vector<SnapshotBlock> find_snapshot_blocks(std::string_view text);

// `text` with every byte outside [begin, end) but line breaks replaced by a space: the block's
// SQL at its own lines and columns, so locations in it are locations in the file.
std::string mask_outside(std::string_view text, std::size_t begin, std::size_t end);

// The generic tests a file defines, in order: `{% test not_negative(model, column_name) %}` and
// `{% macro test_not_negative(model) %}` both define `not_negative`.
std::vector<std::string> generic_test_definitions(std::string_view text);

} // namespace dpipe::load
