"""Build the docs website into `doc_path` (settings.ini, `_docs/`) without Quarto.

`nbdev_docs` processes the notebooks (`_pre_docs`: refresh `nbdev.yml`, rebuild `_modidx.py`, write `sidebar.yml`,
run nbdev's notebook processors into `_proc/`) and then runs `quarto render` there. This does the same steps up to the
Quarto call and then runs smalldocs, a pure-Python renderer that reads the same `_quarto.yml`.

    python .ci/build_docs.py                # build _docs/
    python .ci/build_docs.py --strict       # also fail on smalldocs warnings
"""
import argparse, os, re, shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_output_files(cache):
    "Rename each processed notebook to the `output-file` nbdev gave it (00_utils.ipynb -> utils.ipynb): Quarto reads that key, smalldocs does not."
    import json, yaml
    renames = {}
    for nb_path in sorted(cache.rglob('*.ipynb')):
        nb = json.loads(nb_path.read_text(encoding='utf-8'))
        cell = nb['cells'][0] if nb.get('cells') else None
        src = ''.join(cell['source']) if cell and cell['cell_type'] == 'raw' else ''
        m = re.match(r'^---\n(.*?)\n---\s*$', src.strip() + '\n', re.S)
        if not m: continue
        fm = yaml.safe_load(m.group(1)) or {}
        target = nb_path.with_name(Path(fm.pop('output-file', nb_path.name)).stem + '.ipynb')
        cell['source'] = '---\n' + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False) + '---\n'
        nb_path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding='utf-8')
        if target != nb_path and not target.exists():
            nb_path.rename(target)
            renames[nb_path.relative_to(cache).as_posix()] = target.relative_to(cache).as_posix()
    if not renames: return
    # the sidebar and links between pages name the notebooks by their file names
    for f in [cache/'sidebar.yml', *cache.rglob('*.ipynb'), *cache.rglob('*.qmd'), *cache.rglob('*.md')]:
        if not f.exists(): continue
        text = new = f.read_text(encoding='utf-8')
        for old, nw in renames.items(): new = re.sub(rf'(?<![\w/.-]){re.escape(old)}(?=[)#"\s]|$)', nw, new, flags=re.M)
        if new != text: f.write_text(new, encoding='utf-8')


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--strict', action='store_true', help='exit 1 when smalldocs warns')
    p.add_argument('--n_workers', type=int, default=1, help='processes for the notebook processors')
    a = p.parse_args()
    os.chdir(ROOT)
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    import nbdev.doclinks

    cfg = get_config()
    nbs = cfg.nbs_path
    shutil.rmtree(cfg.doc_path, ignore_errors=True)  # a failed build must not leave an older site to be checked
    # nbdev writes these two into nbs/; they are generated, so remove them again unless someone keeps them there
    generated = [f for f in (nbs/'nbdev.yml', nbs/'sidebar.yml') if not f.exists()]
    try:
        refresh_quarto_yml()
        nbdev.doclinks._build_modidx()
        nbdev_sidebar.__wrapped__(path=nbs)
        # force: a stale _proc/ would keep pages of notebooks that were renamed or removed
        cache = proc_nbs(nbs, n_workers=a.n_workers, force=True)
    finally:
        for f in generated: f.unlink(missing_ok=True)

    use_output_files(cache)
    out = cache/cfg.doc_path.name  # nbdev.yml sets output-dir to doc_path's name, as for Quarto
    shutil.rmtree(out, ignore_errors=True)
    from smalldocs.cli import main as smalldocs
    rc = smalldocs(['render', str(cache)] + (['--strict'] if a.strict else []))
    if rc: return rc
    if not (out/'index.html').exists():
        print(f'smalldocs wrote no {out}/index.html', file=sys.stderr)
        return 1
    shutil.move(str(out), str(cfg.doc_path))
    print(f'docs written to {cfg.doc_path.relative_to(ROOT)}/')
    return 0


if __name__ == '__main__': sys.exit(main())
