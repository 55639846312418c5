"""Build README.md from the readme notebook (settings.ini `readme_nb`, nbs/index.ipynb) without Quarto.

`nbdev_readme` runs nbdev's notebook processors and then `quarto render -t gfm`; Quarto cannot be installed here, so
this runs the same processors (`FilterDefaults`: drops `#| hide` and export cells, turns `# title` / `> summary` into
front matter, adds the do-not-edit warning, ...) and then nbconvert's MarkdownExporter, which writes code cells and
their saved outputs the way Quarto's gfm does (fenced code, indented text output, images as files beside README.md).

    python .ci/make_readme.py           # write README.md (and README_files/ when outputs hold images)
    python .ci/make_readme.py --check   # exit 1, with a diff, when README.md differs from the notebook
"""
import argparse, difflib, os, re, shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES_DIR = 'README_files'


def _cell_options(src):
    "Quarto `#| key: value` lines at the top of a code cell, and the code without them."
    import yaml
    lines = src.splitlines()
    opts = []
    while lines and re.match(r'^\s*#\|', lines[0]): opts.append(re.sub(r'^\s*#\|\s?', '', lines.pop(0)))
    try: parsed = yaml.safe_load('\n'.join(opts)) if opts else {}
    except yaml.YAMLError: parsed = {}
    return (parsed if isinstance(parsed, dict) else {}), '\n'.join(lines)


def render_readme():
    "Return (markdown, {file name: bytes}) for the README, from the readme notebook's saved outputs."
    os.chdir(ROOT)  # nbdev finds settings.ini from the working directory
    import nbformat
    from execnb.nbio import read_nb, nb2str
    from nbconvert import MarkdownExporter
    from nbdev.config import get_config
    from nbdev.processors import FilterDefaults
    from traitlets.config import Config

    cfg = get_config()
    nb_path = cfg.nbs_path/cfg.readme_nb
    nb = read_nb(nb_path)
    os.environ['IN_TEST'] = '1'  # as nbdev's serve_drv does while processing notebooks for the docs
    try: FilterDefaults()(nb)
    finally: del os.environ['IN_TEST']
    fm = getattr(nb, 'frontmatter_', {}) or {}

    nbf = nbformat.reads(nb2str(nb), as_version=4)
    cells = []
    for c in nbf.cells:
        if c.cell_type == 'raw' and c.source.lstrip().startswith('---'): continue  # the front matter, written below
        if c.cell_type == 'code':
            opts, code = _cell_options(c.source)
            if opts.get('include') is False: continue
            c.source = code
            tags = set(c.metadata.get('tags', []))
            if opts.get('echo') is False or not code.strip(): tags.add('remove_input')
            if opts.get('output') is False: tags.add('remove_output')
            c.metadata['tags'] = sorted(tags)
        cells.append(c)
    nbf.cells = cells
    nbf.metadata.setdefault('language_info', {'name': 'python'})  # for the code fences' language

    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {'remove_input'}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {'remove_output'}
    c.ExtractOutputPreprocessor.output_filename_template = 'output_{cell_index}_{index}{extension}'
    body, res = MarkdownExporter(config=c).from_notebook_node(nbf, resources={'output_files_dir': FILES_DIR})

    head = f"# {fm.get('title', cfg.lib_name)}\n\n"
    if fm.get('description'): head += f"> {fm['description']}\n\n"
    md = head + body
    md = re.sub(r'[ \t]+\n', '\n', md)
    md = re.sub(r'\n{3,}', '\n\n', md).strip() + '\n'
    # links between docs pages (`cli.html`) are relative on the site; on GitHub they must point at the site
    site = f"{cfg.doc_host.rstrip('/')}/{cfg.doc_baseurl.strip('/')}".rstrip('/')
    md = re.sub(r'\]\((?!https?://|#|/)([\w./-]+\.html(?:#[\w-]*)?)\)', lambda m: f'](https://{site.split("://", 1)[-1]}/{m[1]})', md)
    return md, res.get('outputs', {})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--check', action='store_true', help='compare with README.md instead of writing it')
    p.add_argument('--out', default='README.md', help='where to write, relative to the repository root')
    a = p.parse_args()
    md, files = render_readme()
    out = ROOT/a.out
    if a.check:
        old = out.read_text(encoding='utf-8') if out.exists() else ''
        stale = [n for n, b in files.items() if not (ROOT/n).exists() or (ROOT/n).read_bytes() != b]
        if old == md and not stale:
            print(f'{a.out} is up to date with nbs/index.ipynb')
            return 0
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), md.splitlines(True), f'{a.out} (committed)',
                                                   f'{a.out} (from the notebook)'))
        for n in stale: print(f'\nstale or missing: {n}')
        print(f'\n{a.out} is stale: run `python .ci/make_readme.py` and commit the result')
        return 1
    out.write_text(md, encoding='utf-8')
    if (ROOT/FILES_DIR).is_dir(): shutil.rmtree(ROOT/FILES_DIR)  # drop pictures of outputs that are gone
    for n, b in files.items():
        (ROOT/n).parent.mkdir(parents=True, exist_ok=True)
        (ROOT/n).write_bytes(b)
    print(f'wrote {a.out}' + (f' and {len(files)} file(s) in {FILES_DIR}/' if files else ''))
    return 0


if __name__ == '__main__': sys.exit(main())
