"""Reference figure: python3-sqlglot's parse speed over the same .sql files sql_throughput reads.

Usage: python3 sqlglot_speed.py DIR [DIALECT] [ROUNDS]
Prints one JSON object: files, bytes, rounds, files_per_s, mb_per_s (parsing with errors
ignored), errors (statements sqlglot refuses when errors raise, its default), statements,
version. Time is this thread's CPU time, as in sql_throughput, so that other
load on the machine does not distort the figure. Run it with the interpreter that has the Debian
package python3-sqlglot (/usr/bin/python3); exits 3 when sqlglot cannot be imported.
"""

import json
import pathlib
import sys
import time


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: sqlglot_speed.py DIR [DIALECT] [ROUNDS]", file=sys.stderr)
        return 2
    try:
        import sqlglot  # noqa: PLC0415 - optional dependency, reported as unavailable
    except ImportError:
        print("sqlglot is not installed (Debian package python3-sqlglot)", file=sys.stderr)
        return 3
    root = pathlib.Path(sys.argv[1])
    dialect = sys.argv[2] if len(sys.argv) > 2 else "postgres"
    rounds = max(1, int(sys.argv[3])) if len(sys.argv) > 3 else 3
    files = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.sql")) if p.is_file()]
    if not files:
        print(f"no .sql files under {root}", file=sys.stderr)
        return 2
    size = sum(len(t.encode("utf-8")) for t in files)
    # bench/run's large script separates statements by lines holding only ';'. sqlglot's
    # tokenizer gives up on a whole script at the first text it cannot read (dollar quoting in
    # sqlglot 10), so each such statement is parsed on its own; one-statement files are whole.
    texts = [chunk for text in files for chunk in text.split("\n;\n") if chunk.strip()]
    # Untimed: how many statements sqlglot refuses (by default it stops at the first error).
    errors = 0
    for text in texts:
        try:
            sqlglot.parse(text, read=dialect)
        except Exception:  # noqa: BLE001 - any refusal counts as a parse error
            errors += 1
    # Timed: errors ignored, so that sqlglot reads all of the input, as dpipe's tolerant
    # parser does.
    ignore = sqlglot.ErrorLevel.IGNORE
    start = time.thread_time()
    for _ in range(rounds):
        for text in texts:
            try:
                sqlglot.parse(text, read=dialect, error_level=ignore)
            except Exception:  # noqa: BLE001 - the tokenizer raises even when errors are ignored
                pass
    seconds = max(time.thread_time() - start, 1e-9)
    print(json.dumps({
        "files": len(files),
        "statements": len(texts),
        "bytes": size,
        "rounds": rounds,
        "files_per_s": len(files) * rounds / seconds,
        "mb_per_s": size * rounds / seconds / (1024 * 1024),
        "errors": errors,
        "version": getattr(sqlglot, "__version__", "unknown"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
