#!/usr/bin/env python3
"""Generates a benchmark corpus of Chinese news articles (~5 KB each) in the formats the
seeds come in, by varying parley's own fixtures: the example documents in examples/ and
the test fixtures in crates/*/tests/fixtures (no third-party page is used).

Each article is a plain-text page dump (title, date line, dateline paragraph, body,
"related articles" furniture, like the seeds) or, for one in five, a whole HTML page in
the shape of examples/lavrov-rubio-riyadh.html. Names, places, dates and numbers are
varied from a seeded random generator, so the same arguments always give the same corpus.

Usage: gen_corpus.py OUT_DIR N [--size BYTES] [--seed S]
"""

import argparse
import html
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Pairs a report can be about: (host title and name, guest title and name, city).
PEOPLE = [
    ("国家主席习近平", "法国总统马克龙"),
    ("国家主席习近平", "俄罗斯总统普京"),
    ("国务院总理李强", "德国总理朔尔茨"),
    ("外交部长王毅", "俄罗斯外长拉夫罗夫"),
    ("外交部长王毅", "美国国务卿布林肯"),
    ("国家主席习近平", "巴西总统卢拉"),
    ("国家副主席韩正", "新加坡总理黄循财"),
    ("外交部长王毅", "日本外相岩屋毅"),
]
CITIES = ["北京", "上海", "巴黎", "莫斯科", "柏林", "杭州", "广州", "西安"]
VERBS = ["会见", "会谈", "通电话", "举行视频会晤", "举行会谈"]


def fixture_paragraphs():
    """Chinese paragraphs from our own fixtures, tags stripped."""
    files = list((ROOT / "examples").glob("*")) + list(ROOT.glob("crates/*/tests/fixtures/**/*"))
    paragraphs = []
    for path in sorted(files):
        if not path.is_file() or path.suffix not in {".txt", ".html", ".xml", ".jsonl", ".md"}:
            continue
        raw = path.read_bytes()
        for encoding in ("utf-8", "gbk", "big5"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text.replace("\\n", "\n")))
        for line in text.splitlines():
            line = line.strip(' "\t,')
            cjk = sum(1 for c in line if "\u4e00" <= c <= "\u9fff")
            if cjk >= 15 and cjk * 2 > len(line) and line.endswith(("。", "”")):
                paragraphs.append(line)
    return sorted(set(paragraphs))


def name(person):
    """The name in a title-and-name string (国家主席习近平 -> 习近平)."""
    return re.split(r"总统|总理|外长|国务卿|外相|主席|部长", person)[-1]


def vary(paragraph, rng, host, guest, month, day):
    """The paragraph with its names, dates and numbers changed."""
    paragraph = re.sub(r"\d+月\d+日", f"{month}月{day}日", paragraph)
    paragraph = re.sub(r"(?<![月\d])\d+日", f"{day}日", paragraph)
    for old in ("习近平", "王毅", "甲国外长", "寅国"):
        paragraph = paragraph.replace(old, name(host))
    for old in ("马克龙", "拉夫罗夫", "拜登", "乙国外长", "卯国"):
        paragraph = paragraph.replace(old, name(guest))
    paragraph = re.sub(r"\d{2,}", lambda m: str(rng.randint(10, 99)), paragraph)
    return paragraph


def article(i, rng, pool, size):
    host, guest = rng.choice(PEOPLE)
    city = rng.choice(CITIES)
    verb = rng.choice(VERBS)
    year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    title = f"{name(host)}同{guest}{verb}"
    lead = (
        f"新华社{city}{month}月{day}日电 {month}月{day}日，{host}在{city}同{guest}{verb}。"
        f"双方就双边关系和共同关心的国际和地区问题深入交换了意见。"
    )
    body = [lead]
    length = len(lead.encode())
    while length < size - 600:
        paragraph = vary(rng.choice(pool), rng, host, guest, month, day)
        body.append(paragraph)
        length += len(paragraph.encode()) + 2
    body.append(f"（第{i}号稿件）")
    stamp = f"{year}年{month:02d}月{day:02d}日{rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}:00"
    return title, stamp, body, (year, month, day)


def as_dump(title, stamp, body):
    related = "\n".join(f"{rng_title}..." for rng_title in ("春季多地气温回升 出行注意防晒", "本地一座新图书馆正式开放"))
    return f"{title}\n\n{stamp} 国际 {len(body) * 97}\n\n" + "\n\n".join(body) + f"\n\n相关文章\n\n{related}\n"


def as_html(i, title, stamp, body, date):
    year, month, day = date
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} - 示例新闻网</title>
<meta property="og:site_name" content="示例新闻网">
<link rel="canonical" href="https://news.example.org/{year}/{month:02d}/{day:02d}/{i}.html">
<meta property="article:published_time" content="{year}-{month:02d}-{day:02d}T20:00:00+08:00">
</head>
<body>
<nav><a href="/">首页</a> | <a href="/world">国际</a> | <a href="/china">国内</a> | <a href="/finance">财经</a></nav>
<article>
<h1>{title}</h1>
<p class="byline">{stamp} 来源：示例新闻网</p>
{paragraphs}
</article>
<aside><h2>热门资讯</h2><ul>
<li><a href="/a">夏季用电高峰将至 电网公司提前部署</a></li>
<li><a href="/b">某地举办青少年足球联赛 百余支队伍参赛</a></li>
</ul></aside>
<footer>&copy; {year} 示例新闻网 版权所有</footer>
</body>
</html>
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--size", type=int, default=5000, help="target bytes per article")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pool = fixture_paragraphs()
    if len(pool) < 5:
        raise SystemExit(f"too few fixture paragraphs found under {ROOT}")
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.n):
        title, stamp, body, date = article(i, rng, pool, args.size)
        if i % 5 == 4:
            (args.out / f"{i:06d}.html").write_text(as_html(i, title, stamp, body, date), encoding="utf-8")
        else:
            (args.out / f"{i:06d}.txt").write_text(as_dump(title, stamp, body), encoding="utf-8")


if __name__ == "__main__":
    main()
