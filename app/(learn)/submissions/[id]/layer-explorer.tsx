'use client';

import { useId, useMemo, useState } from 'react';
import { formatBytes } from '@/lib/format';
import { OUTPUT_CAPS } from '@/lib/grading/limits';
import type { BuildLayers, ExplorerFile, ExplorerLayer } from '@/lib/grading/report';

/**
 * The layer explorer of a graded submission (what dive shows, from the stored report: the web never
 * reads an image): per build, its image's layers in order with the Dockerfile line that made each,
 * and per layer a file tree with added / modified / deleted entries and wasted copies marked, in
 * text and icon (not colour only). A path filter narrows every layer's tree and announces the count.
 * One build's image at a time (the last build first); a radio group picks another.
 */
export function LayerExplorer({ builds }: { builds: BuildLayers[] }) {
  const [shown, setShown] = useState(builds[builds.length - 1]?.build);
  const pickerName = useId();
  if (builds.length === 0) return null;
  const build = builds.find((b) => b.build === shown) ?? builds[builds.length - 1];
  return (
    <section data-testid="layer-explorer" className="layer-explorer">
      <h2>Layers</h2>
      <p className="muted">
        Each layer of the final image, bottom first, with the Dockerfile line that made it. Open a layer to see its files:{' '}
        <span className="change change--added">+ added</span>, <span className="change change--modified">~ modified</span>,{' '}
        <span className="change change--deleted">− deleted</span>, and <span className="wasted">⚠ wasted</span> (a later layer deletes or
        overwrites it: its bytes still ship).
      </p>
      {builds.length > 1 && (
        <fieldset className="layer-builds" data-testid="layer-build-picker">
          <legend>Image of build</legend>
          {builds.map((b) => (
            <label key={b.build}>
              <input type="radio" name={pickerName} value={b.build} checked={b.build === build.build} onChange={() => setShown(b.build)} />{' '}
              <code>{b.build}</code> <span className="muted small">({b.layers.length} layers)</span>
            </label>
          ))}
        </fieldset>
      )}
      {/* Keyed by build: each build's filter and open layers start fresh. */}
      <BuildExplorer key={build.build} build={build} />
    </section>
  );
}

function BuildExplorer({ build }: { build: BuildLayers }) {
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const inputId = useId();
  const needle = filter.trim().toLowerCase();
  const matches = (f: ExplorerFile) => !needle || f.path.toLowerCase().includes(needle);
  const listed = build.layers.reduce((s, l) => s + l.files.length, 0);
  const matching = build.layers.reduce((s, l) => s + l.files.filter(matches).length, 0);
  const toggle = (i: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <div className="layer-build" data-testid={`layers-${build.build}`}>
      <h3>
        Build <code>{build.build}</code>
      </h3>
      <div className="layer-filter">
        <label htmlFor={inputId}>Filter files by path</label>
        <input id={inputId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="e.g. node_modules/dayjs" autoComplete="off" spellCheck={false} />
        <p role="status" aria-live="polite" className="muted small" data-testid="layer-filter-count">
          {needle ? `${matching} of ${listed} listed files match “${filter.trim()}”.` : `${listed} files listed.`}
        </p>
      </div>
      <ol className="layers">
        {build.layers.map((l) => (
          <LayerItem key={l.index} build={build.build} layer={l} expanded={open.has(l.index)} onToggle={() => toggle(l.index)} files={l.files.filter(matches)} filtering={!!needle} />
        ))}
      </ol>
    </div>
  );
}

function LayerItem(props: { build: string; layer: ExplorerLayer; expanded: boolean; onToggle: () => void; files: ExplorerFile[]; filtering: boolean }) {
  const { layer: l, expanded, files, filtering } = props;
  const panelId = `layer-${props.build}-${l.index}`;
  return (
    <li className={l.base ? 'layer layer--base' : 'layer'} data-testid="layer">
      <button type="button" className="layer__head" aria-expanded={expanded} aria-controls={panelId} onClick={props.onToggle}>
        <span className="layer__n">#{l.index + 1}</span>
        <span className="layer__what">
          {l.base ? (
            <span className="muted">base image layer</span>
          ) : (
            <>
              {l.line !== undefined && <span className="muted">line {l.line} </span>}
              {l.stage && <span className="muted">({l.stage}) </span>}
              <code>{l.instruction ?? l.label.replace(/`/g, '')}</code>
            </>
          )}
        </span>
        <span className="layer__facts">
          <span>{formatBytes(l.sizeBytes)}</span>
          <span>
            {l.fileCount} {l.fileCount === 1 ? 'entry' : 'entries'}
          </span>
          {filtering && !l.base && <span data-testid="layer-matches">{files.length} listed match</span>}
          {l.wastedBytes > 0 && <span className="wasted">⚠ {formatBytes(l.wastedBytes)} wasted</span>}
        </span>
      </button>
      <div id={panelId} hidden={!expanded} className="layer__files">
        {expanded && <LayerFiles layer={l} files={files} filtering={filtering} />}
      </div>
    </li>
  );
}

function LayerFiles({ layer: l, files, filtering }: { layer: ExplorerLayer; files: ExplorerFile[]; filtering: boolean }) {
  const tree = useMemo(() => treeOf(files), [files]);
  if (l.base) return <p className="muted small">From the base image: {l.fileCount} entries, {formatBytes(l.sizeBytes)}; its files are not listed.</p>;
  return (
    <>
      {files.length === 0 ? (
        <p className="muted small">{filtering ? 'No listed file of this layer matches the filter.' : 'No files (only directories or metadata).'}</p>
      ) : (
        <ul className="file-tree">{tree.map((n) => <TreeNode key={n.name} node={n} />)}</ul>
      )}
      {l.moreFiles > 0 && (
        <p className="muted small" data-testid="more-files">
          {l.moreFiles} more {l.moreFiles === 1 ? 'file' : 'files'} not listed (a report keeps at most {OUTPUT_CAPS.explorerFilesPerLayer} per layer and{' '}
          {OUTPUT_CAPS.explorerFilesPerBuild} per build: deletions and wasted copies first, then the largest).
        </p>
      )}
    </>
  );
}

type Node = { name: string; file?: ExplorerFile; children: Node[] };

/** Paths → a directory tree; a directory with one subdirectory and nothing else folds into it ("app/node_modules/"). */
function treeOf(files: readonly ExplorerFile[]): Node[] {
  const root: Node = { name: '', children: [] };
  for (const f of files) {
    const parts = f.path.split('/').filter(Boolean);
    let at = root;
    parts.forEach((part, i) => {
      const leaf = i === parts.length - 1;
      let next = at.children.find((c) => c.name === part && !c.file === !leaf);
      if (!next) at.children.push((next = { name: part, children: [] }));
      if (leaf) next.file = f;
      at = next;
    });
  }
  const fold = (n: Node): Node => {
    let cur = { ...n, children: n.children.map(fold) };
    while (!cur.file && cur.children.length === 1 && !cur.children[0].file) {
      const only = cur.children[0];
      cur = { name: `${cur.name}/${only.name}`, children: only.children };
    }
    return cur;
  };
  return root.children.map(fold);
}

const MARK: Record<ExplorerFile['change'], string> = { added: '+', modified: '~', deleted: '−' };

function TreeNode({ node }: { node: Node }) {
  const f = node.file;
  if (f) {
    return (
      <li className={`change change--${f.change}`} data-testid="layer-file" data-path={f.path}>
        <span aria-hidden="true" className="change__icon">
          {MARK[f.change]}
        </span>{' '}
        <span className="file-name">{node.name}</span> <span className="change__text">{f.change}</span>{' '}
        <span className="muted small">{formatBytes(f.bytes)}</span>
        {f.wasted && <span className="wasted"> ⚠ wasted</span>}
      </li>
    );
  }
  return (
    <li className="dir">
      <span className="file-name">{node.name}/</span>
      <ul>
        {node.children.map((c) => (
          <TreeNode key={`${c.name}${c.file ? '' : '/'}`} node={c} />
        ))}
      </ul>
    </li>
  );
}
