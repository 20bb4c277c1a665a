"""Re-anchoring notes on real documents (the white papers of ../shared/corpus): a note on every paragraph, then
the text is changed and every note placed again.

Scenarios per document and language: whitespace re-wrapped and re-encoded (must be 100% exact), and
--seeds edited versions with 20% of paragraphs edited by <= 10% and 10% inserted or deleted (>= 98% right,
0 wrong). Last line: RESULT anchors=… right=… wrong=… orphans=… right_share=… unchanged_exact_share=… reanchor_seconds=…
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader_app.core.anchoring import anchor_paragraph, reanchor  # noqa: E402
from reader_app.core.model import Language, Paragraph, assign_ids  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "whitepapers"


def side(texts: list[str], language: Language) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(id=pid, text=" ".join(t.split()) if language is Language.EN else t, original=t,
                           language=language) for pid, t in zip(assign_ids(texts), texts, strict=True))


def edit(rng: random.Random, text: str, share: float) -> str:
    chars = list(text)
    alphabet = "abcdefghijklmnopqrstuvwxyz" if text.isascii() else "的一是不了人我在有他这中大来上国"
    for _ in range(max(1, int(len(chars) * share))):
        at = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.5:
            chars[at] = rng.choice(alphabet)
        elif op < 0.75:
            chars.insert(at, rng.choice(alphabet))
        elif len(chars) > 2:
            del chars[at]
    return "".join(chars)


def edited_version(rng: random.Random, texts: list[str]) -> tuple[list[str], list[int | None]]:
    """20% of paragraphs edited by <= 10%, 5% deleted, about 5% new ones inserted; origin maps new -> old."""
    order = list(range(len(texts)))
    changed = set(rng.sample(order, len(order) // 5))
    removed = set(rng.sample([i for i in order if i not in changed], len(order) // 20))
    new, origin = [], []
    for i, text in enumerate(texts):
        if rng.random() < 0.05:
            donor = texts[rng.randrange(len(texts))]
            new.append(edit(rng, donor[::-1], 0.3))  # a new paragraph in the same words, not a copy
            origin.append(None)
        if i in removed:
            continue
        new.append(edit(rng, text, 0.10) if i in changed else text)
        origin.append(i)
    return new, origin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--verbose", action="store_true", help="print each wrongly placed note")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"reanchor_notes: corpus not found at {CORPUS}; skipped")
        print("RESULT skipped=1")
        return 0
    anchors_total = right = wrong = orphans = unchanged = unchanged_exact = 0
    anchoring_seconds = 0.0
    for path in sorted((CORPUS / "zh").iterdir()):
        for language in (Language.ZH, Language.EN):
            raw = (CORPUS / language.value / path.name).read_text(encoding="utf-8")
            texts = [block.strip() for block in raw.split("\n\n") if block.strip()]
            old = side(texts, language)
            anchors = [(i, anchor_paragraph(old, i)) for i in range(len(old))]
            # Whitespace re-wrapped, re-encoded through GB18030 / UTF-16: every note exactly where it was.
            rewrapped = ["\n".join(t.split(" ")) if language is Language.EN else t.replace("，", "，\n")
                         for t in texts]
            recoded = [t.encode("gb18030").decode("gb18030") for t in rewrapped]
            outcome = reanchor(anchors, side(recoded, language))
            unchanged += len(anchors)
            unchanged_exact += sum(1 for k, p in outcome.placed.items() if p.index == k and p.method != "fuzzy")
            for seed in range(args.seeds):
                rng = random.Random(seed * 7919 + len(texts))
                new_texts, origin = edited_version(rng, texts)
                new = side(new_texts, language)
                t0 = time.perf_counter()
                outcome = reanchor(anchors, new)
                anchoring_seconds += time.perf_counter() - t0
                new_fps = [p.fingerprint for p in new]
                old_fps = [p.fingerprint for p in old]
                assert len(outcome.placed) + len(outcome.orphans) == len(anchors)
                run_right = run_wrong = 0
                for key, _anchor in anchors:
                    expected = {j for j, o in enumerate(origin) if o == key or new_fps[j] == old_fps[key]}
                    placement = outcome.placed.get(key)
                    if placement is None:
                        continue
                    if placement.index in expected:
                        run_right += 1
                    else:
                        run_wrong += 1
                        if args.verbose:
                            print(f"  wrong ({placement.method}): {old[key].text[:70]!r} -> "
                                  f"{new[placement.index].text[:70]!r}")
                surviving = sum(1 for key, _a in anchors
                                if any(o == key or new_fps[j] == old_fps[key] for j, o in enumerate(origin)))
                anchors_total += surviving
                right += run_right
                wrong += run_wrong
                orphans += len(outcome.orphans)
            print(f"{path.name} {language.value}: {len(texts)} paragraphs, {args.seeds} edited versions", flush=True)
    share = right / anchors_total if anchors_total else 0.0
    print(f"RESULT anchors={anchors_total} right={right} wrong={wrong} orphans={orphans} right_share={share:.4f} "
          f"unchanged_exact_share={unchanged_exact / max(1, unchanged):.4f} reanchor_seconds={anchoring_seconds:.2f}")
    return 0 if wrong == 0 and share >= 0.98 and unchanged_exact == unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
