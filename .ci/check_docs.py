"""Open the built docs in headless Chromium and check what a reader sees: each page's title, the sidebar with a link
to every notebook's page, and the function signatures on the API pages.

    python .ci/check_docs.py [_docs]

Prints one `PASS docs: ...` or `FAIL docs: ...` line per check and exits 1 when any check failed. The pages checked
are index.html and the page of every notebook that exports a module; `set_random_seed(seed, reproducible)` must be
shown on utils.html.
"""
import html, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (page, function, parameters) that must be rendered as a signature, beyond "some signature on every API page"
SIGNATURES = [('utils.html', 'set_random_seed', ['seed', 'reproducible']),
              ('data.html', 'create_data_generators', ['df', 'size', 'bs']),
              ('augment.html', 'augment_data', ['flips', 'max_zoom', 'stain']),
              ('zoo.html', 'create_model', ['arch', 'n_classes', 'pretrained']),
              ('weights.html', 'import_weights', ['src', 'arch', 'dest']),
              ('train.html', 'train_model', ['learn', 'epochs', 'lr'])]
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--dump-dom']


def dump_dom(page):
    "The DOM of `page` after Chromium has loaded it and run its scripts."
    exe = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    if not exe: raise RuntimeError('chromium is not installed')
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([exe, *CHROMIUM_FLAGS, f'--user-data-dir={profile}', page.resolve().as_uri()],
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if r.returncode or not r.stdout.strip(): raise RuntimeError(f'chromium exited {r.returncode}: {r.stderr[-2000:]}')
    return r.stdout


def text_of(fragment): return html.unescape(re.sub(r'<[^>]+>', '', fragment))


def element(dom, tag, id_=None, cls=None):
    "The inner HTML of the first `tag` with this id or class (no nesting of the same tag inside it)."
    attr = rf'[^>]*id="{id_}"' if id_ else rf'[^>]*class="[^"]*\b{cls}\b[^"]*"' if cls else ''
    m = re.search(rf'<{tag}\b{attr}[^>]*>(.*?)</{tag}>', dom, re.S)
    return m.group(1) if m else None


def notebook_pages(nbs):
    "For each notebook: its page name, its `# title`, and whether it exports a module."
    from nbdev.doclinks import _nbpath2html
    res = []
    for nb in sorted(nbs.rglob('*.ipynb')):
        rel = nb.relative_to(nbs)
        if any(p.startswith(('_', '.')) for p in rel.parts): continue
        cells = json.loads(nb.read_text(encoding='utf-8'))['cells']
        src = lambda c: ''.join(c['source'])
        title = next((m.group(1).strip() for c in cells if c['cell_type'] == 'markdown'
                      for m in [re.search(r'^#\s+(.+)$', src(c), re.M)] if m), None)
        is_module = any(c['cell_type'] == 'code' and re.search(r'^#\|\s*default_exp\b', src(c), re.M) for c in cells)
        res.append((_nbpath2html(rel).as_posix(), title, is_module))
    return sorted(res, key=lambda o: o[0] != 'index.html')


def signatures(dom):
    "The text of every code block on the page."
    return [text_of(b) for b in re.findall(r'<pre\b[^>]*>(.*?)</pre>', dom, re.S)]


def main():
    os.chdir(ROOT)
    from nbdev.config import get_config
    cfg = get_config()
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else cfg.doc_path
    pages = notebook_pages(cfg.nbs_path)
    from bloodcells._modidx import d as modidx
    api_pages = {f"{mod.split('.')[-1]}.html" for mod, syms in modidx['syms'].items() if syms}
    results = []
    def check(name, ok, detail=''):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} docs: {name}" + ('' if ok or not detail else f'\n    {detail}'))

    for page, title, is_module in pages:
        if page != 'index.html' and not is_module: continue
        path = docs/page
        if not path.exists():
            check(f'{page} was built', False, f'no {path}')
            continue
        try: dom = dump_dom(path)
        except Exception as e:
            check(f'{page} opens in chromium', False, str(e))
            continue
        h1 = text_of(element(dom, 'h1', cls='title') or '').strip()
        head = text_of(element(dom, 'title') or '')
        check(f'{page} shows its title {title!r}', bool(title) and h1 == title and title in head,
              f'<h1 class="title">: {h1!r}, <title>: {head!r}')

        side = element(dom, 'nav', id_='quarto-sidebar') or ''
        links = set(re.findall(r'href="([^"#]+)', side))
        want = {p for p, _, _ in pages}
        check(f'{page} has the sidebar with links to all {len(want)} pages', bool(side) and want <= links,
              f'missing: {sorted(want - links)}; sidebar links: {sorted(links)}')

        if not is_module or page not in api_pages: continue  # a page that only gathers (all.html) has none of its own
        sigs = [s for s in signatures(dom) if re.search(r'^\s*(?:async\s+)?(?:def|class)\s+\w+', s)
                or re.search(r'^\s*\w+ \(', s)]  # nbdev's older `name (params)` form
        check(f'{page} shows function signatures ({len(sigs)})', bool(sigs),
              'no code block starting with `def name(` or `name (`')
        for pg, fn, params in SIGNATURES:
            if pg != page: continue
            ok = any(re.search(rf'\b{fn}\s*\(', s) and all(re.search(rf'\b{p}\s*[:=,)]', s) for p in params) for s in sigs)
            check(f"{page} shows {fn}({', '.join(params)})", ok, f'{fn} with parameters {params} not found in any signature')
    for pg, fn, _ in SIGNATURES:
        if pg not in {p for p, _, m in pages if m}: check(f'{pg} exists for {fn}', False, f'no notebook builds {pg}')
    return 0 if results and all(results) else 1


if __name__ == '__main__': sys.exit(main())
