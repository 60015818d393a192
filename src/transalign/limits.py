"""Every bound the tool puts on what it reads and on what it is asked to do, in one place.

Hostile or broken input (a YAML alias bomb, ``/dev/zero`` given as a file, a JSON line of
gigabytes, ``--paired-n 100000000``, ``threads: 100000``) ends in one clear error line
instead of eating the machine. Each bound is far above real use; the error names the
bound and what to do instead.
"""

from __future__ import annotations

import os

__all__ = [
    "MAX_BATCH_SENTENCES", "MAX_BATCH_TOKENS", "MAX_CONFIG_BYTES", "MAX_CONFIG_NODES",
    "MAX_ERROR_LINE", "MAX_INPUT_BYTES", "MAX_LINE_BYTES", "MAX_NEW_TOKENS", "MAX_NGRAM",
    "MAX_PAIRED_N", "MAX_SHARD_SIZE", "MAX_THREADS", "TER_MAX_WORDS", "cpu_count", "size_text",
]

# -- configuration files (config.read_yaml) ----------------------------------------------
MAX_CONFIG_BYTES = 1 << 20  # a configuration file: a few dozen settings, never a MiB
MAX_CONFIG_NODES = 10_000  # YAML values after aliases are expanded (a "billion laughs")

# -- inputs ------------------------------------------------------------------------------
# A file (or stdin) read whole: segment, translate, align, evaluate, evaluate-alignment
# and a batch job's .txt files. Larger collections go through `transalign batch` (JSONL).
MAX_INPUT_BYTES = 256 << 20
# One line (one JSONL record) of a file read line by line: export's inputs and a batch
# job's JSONL rows. A longer line is refused before it is read whole.
MAX_LINE_BYTES = 64 << 20

# -- messages ----------------------------------------------------------------------------
MAX_ERROR_LINE = 1000  # characters of the CLI's one error line, prefix included

# -- size-like settings ------------------------------------------------------------------
MAX_BATCH_TOKENS = 1_000_000
MAX_BATCH_SENTENCES = 10_000
MAX_NEW_TOKENS = 8192  # max_new_tokens_cap and max_new_tokens_offset
MAX_NGRAM = 64  # no_repeat_ngram_size
MAX_SHARD_SIZE = 100_000  # documents per batch shard (a shard is held in memory)
# resamples (bs) or trials (ar) of a paired test: 100 times sacrebleu's defaults
MAX_PAIRED_N = {"bs": 100_000, "ar": 1_000_000}
# TER's shift search grows much faster than a segment's length (minutes at 5,000 words)
TER_MAX_WORDS = 1000


def cpu_count() -> int:
    """CPUs this process may run on (its affinity mask, else all)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# CPU threads for inference: a thread per CPU is the useful most; thousands make the
# thread libraries fail (libgomp: "Thread creation failed", then a segfault)
MAX_THREADS = max(32, 4 * cpu_count())


def size_text(n: int) -> str:
    """``n`` bytes in words: ``256 MiB``, ``1 MiB``, ``512 bytes``."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n:,} bytes"
