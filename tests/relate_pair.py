"""One pair of stories through ingest and relate, as the relate tests ask it (a helper module,
not a test file: `from relate_pair import pair_relation`)."""

from storytransformer.ingest import ingest_paths
from storytransformer.relate import relate


def pair_relation(tmp_path, a: str, b: str) -> str:
    """The relation relate() gives the pair of story texts `a`, `b` (written as two Markdown
    files under `tmp_path`): its merge group's, else its link's, else "unrelated"."""
    for n, text in enumerate((a, b)):
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    x, y = ingest_paths([str(tmp_path)]).stories
    out = relate([x, y])
    for g in out.groups:
        if not g.is_singleton and {x.id, y.id} <= set(g.story_ids):
            return g.relation
    return next((link.relation for link in out.links if {link.source, link.target} == {x.id, y.id}), "unrelated")
