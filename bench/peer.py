#!/usr/bin/env python3
"""The Python peer pipeline a user would otherwise assemble, over the same corpus:
trafilatura cleans HTML pages (plain-text dumps are taken as they are: the peer has no
dump cleaner, which only spares it work), jieba segments the text, and jionlp finds and
normalises its time expressions. One process, one core.

Prints JSON: documents, bytes, seconds and cpu_seconds (processing only, after imports
and warm-up), docs_per_s and docs_per_cpu_s, mb_per_s, peak_rss_kb, words, times.

Usage: peer.py CORPUS_DIR [LIMIT]
"""

import json
import os
import resource
import sys
import time
from pathlib import Path


def main():
    corpus = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:limit]

    # Imports and dictionary loading are not counted.
    sys.stdout, real_stdout = open(os.devnull, "w"), sys.stdout
    import jieba
    import jionlp
    import trafilatura

    jieba.setLogLevel(60)
    jieba.initialize()
    jionlp.ner.extract_time("2024年5月6日下午，双方举行会谈。", time_base=time.time())
    sys.stdout = real_stdout

    words = times = size = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in files:
        raw = path.read_bytes()
        size += len(raw)
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".html":
            text = trafilatura.extract(text, include_comments=False, include_tables=False) or ""
        words += len(jieba.lcut(text))
        found = jionlp.ner.extract_time(text, time_base=time.time(), with_parsing=True)
        times += len(found)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(
        json.dumps(
            {
                "documents": len(files),
                "bytes": size,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "docs_per_s": round(len(files) / seconds, 2),
                "docs_per_cpu_s": round(len(files) / cpu, 2),
                "mb_per_s": round(size / 1e6 / seconds, 4),
                "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "words": words,
                "times": times,
            }
        )
    )


if __name__ == "__main__":
    main()
