// ptdesc view: draws one walk (or two, compared) of a page table from the data embedded above.
// Addresses are 64-bit, so they are BigInts; positions on the collapsed scale are plain numbers.
'use strict';
(function () {
  const errors = [];
  function report(message) {
    errors.push(message);
    const el = document.getElementById('script-errors');
    el.textContent = errors.join('\n');
    el.hidden = false;
  }
  window.addEventListener('error', e => report('script error: ' + e.message));
  const status = document.getElementById('view-status');
  try {
    main();
    status.textContent = errors.length ? 'rendered with errors' : 'rendered';
  } catch (e) {
    report('script error: ' + (e && e.stack ? e.stack : e));
    status.textContent = 'failed';
  }

  function main() {
    const D = JSON.parse(document.getElementById('ptdesc-data').textContent);
    const M64 = (1n << 64n) - 1n;
    const big = h => BigInt('0x' + h);
    const hex = v => '0x' + BigInt.asUintN(64, v).toString(16);
    const levels = D.tree.levels;
    const levelName = l => (l >= 0 && l < levels.length ? levels[l].name : 'L' + l) + ' (level ' + l + ')';

    // ---- the collapsed scale (CollapsedScale.java computes the segments) ----
    const segments = D.segments.map(s => {
      const first = big(s[0]);
      const last = big(s[1]);
      return { first, last, x: s[2], w: s[3], collapsed: s[4], extent: Number(last - first + 1n) };
    });
    const total = segments[segments.length - 1].x + segments[segments.length - 1].w;
    function segmentIndex(va) {
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segments[mid].first <= va) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    // Position of address va; `after` gives the position just past va (the end of a range).
    function xOf(va, after) {
      const s = segments[segmentIndex(va)];
      return s.x + (Number(va - s.first) + (after ? 1 : 0)) / s.extent * s.w;
    }
    function vaAt(x) {
      let i = 0;
      while (i < segments.length - 1 && segments[i + 1].x <= x) i++;
      const s = segments[i];
      const off = Math.min(s.extent - 1, Math.max(0, Math.floor((x - s.x) / s.w * s.extent)));
      return { segment: s, va: s.first + BigInt(off) };
    }

    // ---- attribute sets, classes, colours ----
    const attributeSets = D.attributeSets;
    const classes = D.classes.map(c => ({ level: c[0], size: big(c[1]), sizeNumber: Number(big(c[1])), set: c[2],
      flags: big(c[3]), rule: c[4] }));
    const sizes = [...new Set(classes.map(c => c.sizeNumber))].sort((a, b) => a - b);
    const rolesKnown = D.attributeSets.length === 0 || D.attributeSets[0].writable !== null && D.attributeSets[0].executable !== null;
    const CATEGORY = {
      wx: { hue: 0, name: 'writable and executable' },
      x: { hue: 280, name: 'executable, not writable' },
      w: { hue: 210, name: 'writable, not executable' },
      r: { hue: 130, name: 'neither writable nor executable' }
    };
    function category(set) {
      const a = attributeSets[set];
      return a.writable && a.executable ? 'wx' : a.executable ? 'x' : a.writable ? 'w' : 'r';
    }
    function shade(hue, size) {
      const rank = sizes.length > 1 ? sizes.indexOf(size) / (sizes.length - 1) : 0;
      return 'hsl(' + hue + ',65%,' + Math.round(62 - rank * 30) + '%)';
    }
    const classColour = classes.map(c => shade(rolesKnown ? CATEGORY[category(c.set)].hue : (c.set * 67) % 360,
      c.sizeNumber));
    const HOLE = '#e4e4e4';
    const FAULT = '#ff1a1a';
    const TABLE = '#8fa3ad';
    const USER = '#ff9f1c';
    const GLOBAL = '#333';
    const DIFF = { ONLY_FIRST: '#1f77b4', ONLY_SECOND: '#ff7f0e', ELSEWHERE: '#d62728', PERMISSIONS: '#bcbd22' };
    const DIFF_TEXT = { ONLY_FIRST: 'mapped only by the first', ONLY_SECOND: 'mapped only by the second',
      ELSEWHERE: 'mapped by both, to different physical addresses', PERMISSIONS: 'same physical address, other attributes' };

    // ---- the walks ----
    // The text lines of WalkText.java: comma-separated hex fields, addresses as differences.
    function textLines(id) {
      const lines = document.getElementById(id).textContent.split('\n');
      if (lines.length && lines[lines.length - 1] === '') lines.pop();
      return lines;
    }
    const signed = f => !f ? 0n : f[0] === '-' ? -big(f.slice(1)) : big(f);
    const entrySpan = l => l >= 0 && l < levels.length ? 1n << BigInt(levels[l].shift) : 0n;
    const walks = D.walks.map((w, i) => readWalk(w, i));

    function readWalk(w, index) {
      const lines = textLines('ptdesc-runs-' + index);
      const n = lines.length;
      const runs = { n, va: new BigUint64Array(n), pa: new BigUint64Array(n), pages: new Float64Array(n),
        cls: new Uint32Array(n), x0: new Float64Array(n), x1: new Float64Array(n) };
      let next = 0n;
      let nextPa = 0n;
      let seg = 0;
      let leafCount = 0;
      let bytes = 0n;
      const bySize = new Map();
      for (let i = 0; i < n; i++) {
        const f = lines[i].split(',');
        const va = (next + (f[0] ? big(f[0]) : 0n)) & M64;
        const pages = f[1] ? parseInt(f[1], 16) : 1;
        const c = parseInt(f[2], 16);
        const size = classes[c].size;
        const length = BigInt(pages) * size;
        const pa = (nextPa + signed(f[3])) & M64;
        runs.va[i] = va;
        runs.pa[i] = pa;
        runs.pages[i] = pages;
        runs.cls[i] = c;
        while (seg < segments.length - 1 && segments[seg + 1].first <= va) seg++;
        const s = segments[seg];
        runs.x0[i] = s.x + Number(va - s.first) / s.extent * s.w;
        runs.x1[i] = xOf(va + length - 1n, true);
        next = (va + length) & M64;
        nextPa = (pa + length) & M64;
        leafCount += pages;
        bytes += length;
        const key = classes[c].sizeNumber;
        const entry = bySize.get(key) || { size, leaves: 0, bytes: 0n, levels: new Set() };
        entry.leaves += pages;
        entry.bytes += length;
        entry.levels.add(classes[c].level);
        bySize.set(key, entry);
      }
      if (leafCount !== w.leafCount) report('self-check: ' + leafCount + ' leaves drawn, the walk reported ' + w.leafCount);
      if (bytes !== big(w.bytes)) report('self-check: ' + bytes + ' bytes drawn, the walk mapped ' + big(w.bytes));
      let holeNext = 0n;
      const holes = textLines('ptdesc-holes-' + index).map(line => {
        const f = line.split(',');
        const level = parseInt(f[2], 10);
        const first = (holeNext + signed(f[0])) & M64;
        const last = (f[1][0] === '=' ? first + big(f[1].slice(1)) : first + (f[1] ? big(f[1]) : 1n) * entrySpan(level) - 1n) & M64;
        holeNext = (last + 1n) & M64;
        return { first, last, level };
      });
      let tableFirst = 0n;
      let tableAddress = 0n;
      const tables = textLines('ptdesc-tables-' + index).map(line => {
        const f = line.split(',');
        const level = parseInt(f[1], 10);
        const first = (tableFirst + signed(f[0])) & M64;
        const extent = f[2] ? big(f[2]) : entrySpan(level - 1) - 1n;
        const address = (tableAddress + signed(f[3])) & M64;
        tableFirst = first;
        tableAddress = address;
        return { first, last: (first + extent) & M64, level, address };
      });
      const faults = w.faults.map(f => ({ first: big(f[0]), last: big(f[1]), level: f[2], entry: big(f[3]),
        kind: f[4], message: f[5], rule: f[6] }));
      for (const list of [holes, faults, tables]) {
        for (const e of list) { e.x0 = xOf(e.first, false); e.x1 = xOf(e.last, true); }
      }
      return { label: w.label, runs, leafCount, bytes, bySize, holes, faults, tables, warnings: w.warnings };
    }

    const diff = (D.diff || []).map(d => ({ first: big(d[0]), last: big(d[1]), kind: d[2], paA: big(d[3]),
      paB: big(d[4]), attrsA: d[5], attrsB: d[6] }));
    for (const d of diff) { d.x0 = xOf(d.first, false); d.x1 = xOf(d.last, true); }

    // ---- rows: each is a sorted list of shapes with a colour and details ----
    function runRow(label, walk, height) {
      const r = walk.runs;
      return { label, height, n: r.n, x0: r.x0, x1: r.x1, colour: i => classColour[r.cls[i]],
        bands: i => attributeSets[classes[r.cls[i]].set], detail: (i, x) => runDetail(walk, i, x) };
    }
    function listRow(label, list, height, colour, detail) {
      return { label, height, n: list.length, x0: Float64Array.from(list, e => e.x0),
        x1: Float64Array.from(list, e => e.x1), colour: i => colour(list[i]), detail: i => detail(list[i]) };
    }
    // The icicle row of one level: its leaves, holes, faults and the entries that point to tables,
    // each list already in address order, merged (a sort of every item would cost seconds at scale).
    function levelRow(walk, level) {
      const r = walk.runs;
      const runs = [];
      for (let i = 0; i < r.n; i++) if (classes[r.cls[i]].level === level) runs.push(i);
      const lists = [runs, walk.holes.filter(h => h.level === level), walk.faults.filter(f => f.level === level),
        walk.tables.filter(t => t.level === level + 1)];
      const start = [i => r.x0[i], e => e.x0, e => e.x0, e => e.x0];
      const end = [i => r.x1[i], e => e.x1, e => e.x1, e => e.x1];
      const n = lists.reduce((t, l) => t + l.length, 0);
      const kind = new Uint8Array(n);
      const item = new Array(n);
      const x0 = new Float64Array(n);
      const x1 = new Float64Array(n);
      const at = [0, 0, 0, 0];
      for (let k = 0; k < n; k++) {
        let best = -1;
        let bestX = Infinity;
        for (let t = 0; t < 4; t++) {
          if (at[t] < lists[t].length) { const x = start[t](lists[t][at[t]]); if (best < 0 || x < bestX) { best = t; bestX = x; } }
        }
        const e = lists[best][at[best]++];
        kind[k] = best;
        item[k] = e;
        x0[k] = bestX;
        x1[k] = end[best](e);
      }
      const COLOUR = [null, HOLE, FAULT, TABLE];
      return { label: levels[level].name, height: 22, n, x0, x1,
        colour: i => kind[i] === 0 ? classColour[r.cls[item[i]]] : COLOUR[kind[i]],
        detail: (i, x) => kind[i] === 0 ? runDetail(walk, item[i], x) : kind[i] === 1 ? holeDetail(item[i])
          : kind[i] === 2 ? faultDetail(item[i]) : tableDetail(item[i]) };
    }

    const rows = [];
    rows.push(runRow(walks.length > 1 ? 'map 1' : 'map', walks[0], 46));
    if (walks.length > 1) {
      rows.push(runRow('map 2', walks[1], 46));
      rows.push(listRow('difference', diff, 22, d => DIFF[d.kind], diffDetail));
    }
    rows.push({ label: 'tree', height: 16, n: 0, x0: new Float64Array(0), x1: new Float64Array(0), title: true });
    for (let l = 0; l < levels.length; l++) rows.push(levelRow(walks[0], l));

    // ---- details ----
    const human = b => {
      const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
      let v = Number(b);
      let u = 0;
      while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
      return (Number.isInteger(v) ? v : v.toFixed(1)) + ' ' + units[u];
    };
    const ruleText = i => i >= 0 && i < D.rules.length ? D.rules[i].where + ': ' + D.rules[i].text : '(not known)';
    const levelRules = (level, kind) => {
      const list = D.rules.filter(r => r.level === level && r.kind === kind).map(r => r.where + ': ' + r.text);
      return list.length ? list.join('\n      ') : '(not known)';
    };
    function runDetail(walk, i, x) {
      const r = walk.runs;
      const c = classes[r.cls[i]];
      const pages = r.pages[i];
      const k = Math.min(pages - 1, Math.max(0, Math.floor((x - r.x0[i]) / Math.max(r.x1[i] - r.x0[i], 1e-300) * pages)));
      const va = r.va[i] + BigInt(k) * c.size;
      const pa = r.pa[i] + BigInt(k) * c.size;
      return [
        'leaf       ' + hex(va) + ' .. ' + hex(va + c.size - 1n) + (walks.length > 1 ? '   (' + walk.label + ')' : ''),
        'physical   ' + hex(pa),
        'size       ' + human(c.size),
        'level      ' + levelName(c.level),
        'entry      ' + hex(c.flags ^ pa),
        'attributes ' + attributeSets[c.set].text,
        'rule       ' + ruleText(c.rule),
        pages > 1 ? 'one of ' + pages + ' alike pages ' + hex(r.va[i]) + ' .. ' + hex(r.va[i] + BigInt(pages) * c.size - 1n) : ''
      ].join('\n');
    }
    function holeDetail(h) {
      return ['hole       ' + hex(h.first) + ' .. ' + hex(h.last), 'size       ' + human(h.last - h.first + 1n),
        'level      ' + levelName(h.level), 'rule       ' + levelRules(h.level, 'invalid')].join('\n');
    }
    function faultDetail(f) {
      return ['fault      ' + hex(f.first) + ' .. ' + hex(f.last), 'kind       ' + f.kind + (f.message ? ': ' + f.message : ''),
        'level      ' + levelName(f.level), (f.kind === 'TABLE_OUTSIDE_MEMORY' ? 'unreadable ' : 'entry      ') + hex(f.entry),
        'rule       ' + (f.rule >= 0 ? ruleText(f.rule) : f.kind === 'NO_RULE' ? '(no rule matched)' : '(none)')].join('\n');
    }
    function tableDetail(t) {
      return ['table entry ' + hex(t.first) + ' .. ' + hex(t.last) + ' points to a ' + levelName(t.level) + ' table',
        'table at    ' + hex(t.address), 'size        ' + human(t.last - t.first + 1n),
        'level       ' + levelName(t.level - 1), 'rule        ' + levelRules(t.level - 1, 'table')].join('\n');
    }
    function diffDetail(d) {
      return ['difference ' + hex(d.first) + ' .. ' + hex(d.last) + ' (' + human(d.last - d.first + 1n) + ')',
        'kind       ' + DIFF_TEXT[d.kind],
        'first      ' + (d.kind === 'ONLY_SECOND' ? 'unmapped' : hex(d.paA) + '  ' + d.attrsA) + '   (' + walks[0].label + ')',
        'second     ' + (d.kind === 'ONLY_FIRST' ? 'unmapped' : hex(d.paB) + '  ' + d.attrsB) + '   (' + walks[1].label + ')'].join('\n');
    }
    function gapDetail(x) {
      const { segment: s, va } = vaAt(x);
      return (s.collapsed ? 'empty stretch (collapsed) ' : 'address ') + (s.collapsed ? hex(s.first) + ' .. ' + hex(s.last)
        + ' (' + human(s.last - s.first + 1n) + ')' : hex(va));
    }

    // ---- drawing ----
    const canvas = document.getElementById('canvas');
    const overview = document.getElementById('overview');
    const ctx = canvas.getContext('2d');
    const GUTTER = 80;
    const AXIS = 30;
    const view = { x0: 0, x1: total };
    let pinned = null;
    let hover = null;
    const height = rows.reduce((h, r) => h + r.height + 2, 0) + AXIS;
    let width = 800;

    function resize() {
      width = Math.max(300, canvas.clientWidth || document.body.clientWidth || 800);
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.height = height + 'px';
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      overview.width = Math.round(width * ratio);
      overview.height = Math.round(24 * ratio);
      overview.style.height = '24px';
      draw();
    }
    const plotWidth = () => width - GUTTER - 4;
    const toPx = x => GUTTER + (x - view.x0) / (view.x1 - view.x0) * plotWidth();
    const toX = px => view.x0 + (px - GUTTER) / plotWidth() * (view.x1 - view.x0);

    function firstVisible(row, x) {
      let lo = 0;
      let hi = row.n;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (row.x1[mid] <= x) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function drawRow(row, y) {
      ctx.fillStyle = '#555';
      ctx.font = (row.title ? 'bold ' : '') + '12px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillText(row.label, 4, y + row.height / 2);
      if (row.title) return;
      ctx.fillStyle = '#fafafa';
      ctx.fillRect(GUTTER, y, plotWidth(), row.height);
      const left = GUTTER;
      const right = GUTTER + plotWidth();
      let lastPx = -1;
      let lastColour = '';
      let next = 0;
      for (let i = firstVisible(row, view.x0); i < row.n && row.x0[i] < view.x1; i = next) {
        let p0 = Math.max(left, toPx(row.x0[i]));
        let p1 = Math.min(right, toPx(row.x1[i]));
        // A pixel shows one shape: past a shape narrower than a pixel, skip to the next pixel's
        // first shape, so drawing costs the pixels, not the hundreds of thousands of shapes.
        next = p1 < Math.floor(p0) + 1 ? Math.max(i + 1, firstVisible(row, toX(Math.floor(p0) + 1))) : i + 1;
        if (p1 - p0 < 1) p1 = p0 + 1; // every shape stays at least one pixel wide
        const colour = row.colour(i);
        if (Math.floor(p1) <= lastPx && colour === lastColour) continue;
        ctx.fillStyle = colour;
        ctx.fillRect(p0, y, p1 - p0, row.height);
        if (row.bands) {
          const a = row.bands(i);
          if (a.user) { ctx.fillStyle = USER; ctx.fillRect(p0, y, p1 - p0, row.height * 0.22); }
          if (a.global) { ctx.fillStyle = GLOBAL; ctx.fillRect(p0, y + row.height * 0.86, p1 - p0, row.height * 0.14); }
        }
        if (p1 - p0 > 3 && !row.bands) { ctx.fillStyle = 'rgba(255,255,255,0.7)'; ctx.fillRect(p1 - 1, y, 1, row.height); }
        lastPx = Math.floor(p1);
        lastColour = colour;
      }
    }
    function drawGaps(top, bottom) {
      for (const s of segments) {
        if (!s.collapsed || s.x + s.w < view.x0 || s.x > view.x1) continue;
        const p0 = Math.max(GUTTER, toPx(s.x));
        const p1 = Math.min(GUTTER + plotWidth(), toPx(s.x + s.w));
        ctx.fillStyle = 'rgba(120,120,120,0.10)';
        ctx.fillRect(p0, top, p1 - p0, bottom - top);
        ctx.strokeStyle = '#bbb';
        ctx.beginPath();
        for (let yy = top; yy < bottom; yy += 8) { ctx.moveTo(p0, yy); ctx.lineTo(p1, yy + 4); }
        ctx.stroke();
      }
    }
    function drawAxis(y) {
      ctx.fillStyle = '#333';
      ctx.font = '11px ui-monospace, monospace';
      ctx.textBaseline = 'top';
      let lastLabel = -1e9;
      const label = (px, text) => {
        if (px - lastLabel < ctx.measureText(text).width + 12 || px < GUTTER || px > GUTTER + plotWidth()) return;
        ctx.fillRect(px, y, 1, 5);
        ctx.fillText(text, px + 2, y + 6);
        lastLabel = px;
      };
      for (const s of segments) {
        if (s.x + s.w < view.x0 || s.x > view.x1) continue;
        const p0 = toPx(s.x);
        const p1 = toPx(s.x + s.w);
        label(p0, hex(s.first));
        if (s.collapsed || p1 - p0 < 400) continue;
        // ticks at a power-of-two step inside a wide segment
        const lo = Math.max(0, (view.x0 - s.x) / s.w * s.extent);
        const hi = Math.min(s.extent, (view.x1 - s.x) / s.w * s.extent);
        let step = Math.pow(2, Math.ceil(Math.log2(Math.max(1, (hi - lo) / 8))));
        for (let off = Math.ceil(lo / step) * step; off < hi; off += step) {
          label(toPx(s.x + off / s.extent * s.w), hex(s.first + BigInt(off)));
        }
      }
    }
    function draw() {
      ctx.clearRect(0, 0, width, height);
      let y = 0;
      for (const row of rows) { row.y = y; drawRow(row, y); y += row.height + 2; }
      drawGaps(0, y);
      drawAxis(y + 2);
      const mark = pinned || hover;
      if (mark) {
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 2;
        const p0 = toPx(mark.x0);
        const p1 = Math.max(p0 + 2, toPx(mark.x1));
        ctx.strokeRect(p0, mark.row.y, p1 - p0, mark.row.height);
        ctx.lineWidth = 1;
      }
      drawOverview();
      publish();
    }
    // The visible range, for people (the address under the axis) and for tests (read back through the DOM).
    function publish() {
      canvas.dataset.viewFirst = hex(vaAt(view.x0).va);
      canvas.dataset.viewLast = hex(vaAt(view.x1).va);
      canvas.dataset.viewX0 = String(view.x0);
      canvas.dataset.viewX1 = String(view.x1);
      canvas.dataset.total = String(total);
    }
    function drawOverview() {
      const o = overview.getContext('2d');
      const ratio = window.devicePixelRatio || 1;
      o.setTransform(ratio, 0, 0, ratio, 0, 0);
      o.clearRect(0, 0, width, 24);
      const px = x => GUTTER + x / total * plotWidth();
      const r = walks[0].runs;
      const mapRow = rows[0];
      for (let i = 0; i < r.n;) {
        const p0 = px(r.x0[i]);
        o.fillStyle = classColour[r.cls[i]];
        o.fillRect(p0, 4, Math.max(1, px(r.x1[i]) - p0), 16);
        // one run per pixel, as in drawRow
        i = Math.max(i + 1, firstVisible(mapRow, (Math.floor(p0) + 1 - GUTTER) / plotWidth() * total));
      }
      o.strokeStyle = '#000';
      o.strokeRect(px(view.x0), 1, Math.max(2, px(view.x1) - px(view.x0)), 22);
      o.fillStyle = '#555';
      o.font = '11px system-ui, sans-serif';
      o.textBaseline = 'middle';
      o.fillText('overview', 4, 12);
    }

    // ---- interaction ----
    function setView(x0, x1) {
      const min = total * 1e-13;
      if (x1 - x0 < min) { const c = (x0 + x1) / 2; x0 = c - min / 2; x1 = c + min / 2; }
      const w = Math.min(total, x1 - x0);
      x0 = Math.max(0, Math.min(x0, total - w));
      view.x0 = x0;
      view.x1 = x0 + w;
      draw();
    }
    function zoom(factor, px) {
      const c = px === undefined ? (view.x0 + view.x1) / 2 : toX(px);
      setView(c - (c - view.x0) * factor, c + (view.x1 - c) * factor);
    }
    function pan(fraction) {
      const d = (view.x1 - view.x0) * fraction;
      setView(view.x0 + d, view.x1 + d);
    }
    // Shows first..last, with a margin, and marks it.
    function showRange(first, last) {
      const x0 = xOf(first, false);
      const x1 = xOf(last, true);
      const margin = Math.max((x1 - x0) * 0.5, total * 1e-9);
      setView(x0 - margin, x1 + margin);
      const row = rows[0];
      pinned = { row, x0, x1 };
      const i = firstVisible(row, x0);
      showDetails(i < row.n && row.x0[i] <= x0 + 1e-12 ? row.detail(i, x0) : hex(first) + ' .. ' + hex(last));
      draw();
      canvas.scrollIntoView({ block: 'nearest' });
    }
    const details = document.getElementById('details');
    function showDetails(text) { details.textContent = text; }
    function hit(px, py) {
      const row = rows.find(r => py >= r.y && py < r.y + r.height);
      if (!row || px < GUTTER) return null;
      const x = toX(px);
      const tolerance = (view.x1 - view.x0) / plotWidth(); // one pixel
      let i = firstVisible(row, x - tolerance);
      if (i < row.n && row.x0[i] <= x + tolerance) {
        return { row, x0: row.x0[i], x1: row.x1[i], text: row.detail(i, Math.min(Math.max(x, row.x0[i]), row.x1[i])) };
      }
      return { row, x0: x, x1: x, text: gapDetail(x), empty: true };
    }
    let drag = null;
    canvas.addEventListener('wheel', e => {
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      zoom(Math.exp(e.deltaY * 0.0015), e.clientX - rect.left);
    }, { passive: false });
    canvas.addEventListener('mousedown', e => { drag = { x: e.clientX, x0: view.x0, x1: view.x1, moved: false }; canvas.style.cursor = 'grabbing'; });
    window.addEventListener('mouseup', e => {
      canvas.style.cursor = 'grab';
      if (drag && !drag.moved && e.target === canvas) {
        const rect = canvas.getBoundingClientRect();
        const h = hit(e.clientX - rect.left, e.clientY - rect.top);
        pinned = h && !h.empty ? h : null;
        if (h) showDetails(h.text);
        draw();
      }
      drag = null;
    });
    canvas.addEventListener('mousemove', e => {
      const rect = canvas.getBoundingClientRect();
      if (drag) {
        const dx = e.clientX - drag.x;
        if (Math.abs(dx) > 2) drag.moved = true;
        const d = dx / plotWidth() * (drag.x1 - drag.x0);
        setView(drag.x0 - d, drag.x1 - d);
        return;
      }
      const h = hit(e.clientX - rect.left, e.clientY - rect.top);
      hover = h && !h.empty ? h : null;
      if (!pinned && h) showDetails(h.text);
      draw();
    });
    canvas.addEventListener('mouseleave', () => { hover = null; draw(); });
    overview.addEventListener('click', e => {
      const rect = overview.getBoundingClientRect();
      const c = (e.clientX - rect.left - GUTTER) / plotWidth() * total;
      const w = view.x1 - view.x0;
      setView(c - w / 2, c + w / 2);
    });
    document.addEventListener('keydown', e => {
      if (e.target instanceof HTMLInputElement) return;
      const keys = { '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2), '_': () => zoom(2),
        ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), '0': () => setView(0, total), Home: () => setView(0, total),
        Escape: () => { pinned = null; draw(); } };
      if (keys[e.key]) { keys[e.key](); e.preventDefault(); }
    });
    document.getElementById('zoom-in').addEventListener('click', () => zoom(0.5));
    document.getElementById('zoom-out').addEventListener('click', () => zoom(2));
    document.getElementById('zoom-reset').addEventListener('click', () => setView(0, total));
    window.addEventListener('resize', resize);

    // ---- summary and legend (text only: nothing from the data becomes markup) ----
    const el = (tag, attrs, ...children) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
      for (const c of children) e.append(c);
      return e;
    };
    const place = (first, last) => {
      const a = el('a', { href: '#', class: 'place' }, hex(first) + ' .. ' + hex(last));
      a.addEventListener('click', e => { e.preventDefault(); showRange(first, last); });
      return a;
    };
    const LIST_LIMIT = 50;
    function rangeList(items, describe) {
      const ul = el('ul');
      for (const it of items.slice(0, LIST_LIMIT)) ul.append(el('li', {}, place(it.first, it.last), ' ', describe ? describe(it) : ''));
      if (items.length > LIST_LIMIT) ul.append(el('li', {}, '... and ' + (items.length - LIST_LIMIT) + ' more'));
      return ul;
    }
    function walkSummary(walk, suffix) {
      const s = document.getElementById('summary');
      const span = (id, text) => el('span', { id: id + suffix }, String(text));
      if (walks.length > 1) s.append(el('h3', {}, walk.label));
      s.append(el('p', {}, span('leaf-count', walk.leafCount), ' leaves, ', span('bytes-mapped', walk.bytes), ' bytes (',
        span('bytes-mapped-human', human(walk.bytes)), ') mapped, drawn as ', span('run-count', walk.runs.n), ' runs; ',
        span('hole-count', walk.holes.length), ' holes, ', span('fault-count', walk.faults.length), ' faults, ',
        span('table-count', walk.tables.length), ' tables entered.'));
      const table = el('table', { id: 'leaves-by-size' + suffix }, el('tr', {}, el('th', {}, 'page size'), el('th', {}, 'levels'),
        el('th', {}, 'leaves'), el('th', {}, 'bytes')));
      for (const [, v] of [...walk.bySize.entries()].sort((a, b) => a[0] - b[0])) {
        table.append(el('tr', { 'data-size': hex(v.size) }, el('td', {}, human(v.size)),
          el('td', { class: 'l' }, [...v.levels].map(l => levels[l].name).join(', ')),
          el('td', { class: 'leaves' }, String(v.leaves)), el('td', {}, human(v.bytes))));
      }
      s.append(table);
      for (const w of walk.warnings) {
        const ranges = w.ranges.map(r => ({ first: big(r[0]), last: big(r[1]) }));
        s.append(el('p', { class: 'warn', 'data-warning': w.kind }, '\u26a0 ' + w.text + ': ' + ranges.length + ' ranges'),
          rangeList(ranges, r => human(r.last - r.first + 1n)));
      }
      if (walk.warnings.length === 0) s.append(el('p', { id: 'no-warnings' + suffix }, 'No warnings.'));
      if (walk.faults.length) {
        s.append(el('p', { class: 'warn' }, 'Faults:'), rangeList(walk.faults, f => levels[f.level] ? levels[f.level].name + ': ' + f.kind + (f.message ? ': ' + f.message : '') : f.kind));
      }
    }
    function summary() {
      const s = document.getElementById('summary');
      document.getElementById('subtitle').textContent = 'tree ' + D.tree.name + (D.tree.doc ? ' \u2014 ' + D.tree.doc : '');
      s.append(el('p', {}, 'Walked ' + hex(big(D.walks[0].first)) + ' .. ' + hex(big(D.walks[0].last)) + ' of ' + walks[0].label + '.'));
      walks.forEach((w, i) => walkSummary(w, i === 0 ? '' : '-compared'));
      if (walks.length > 1) {
        s.append(el('h3', {}, 'Difference'));
        const table = el('table', { id: 'diff-summary' });
        for (const kind of Object.keys(DIFF)) {
          const list = diff.filter(d => d.kind === kind);
          const bytes = list.reduce((t, d) => t + (d.last - d.first + 1n), 0n);
          table.append(el('tr', { 'data-kind': kind }, el('td', { class: 'l' }, el('span', { class: 'swatch', style: 'background:' + DIFF[kind] }), DIFF_TEXT[kind]),
            el('td', { class: 'count' }, String(list.length)), el('td', {}, human(bytes))));
        }
        s.append(table, rangeList(diff, d => DIFF_TEXT[d.kind]));
      }
    }
    function legend() {
      const g = document.getElementById('legend');
      const swatch = colour => el('span', { class: 'swatch', style: 'background:' + colour });
      const roleNames = role => D.tree.attributes.filter(a => a.role === role).map(a => (a.inverted ? 'not ' : '') + a.name).join(' or ');
      const ul = el('ul');
      if (rolesKnown) {
        for (const key of ['wx', 'x', 'w', 'r']) ul.append(el('li', {}, swatch(shade(CATEGORY[key].hue, sizes[0])), CATEGORY[key].name));
        ul.append(el('li', {}, 'writable: ' + roleNames('writable') + '; executable: ' + roleNames('executable')));
      } else {
        attributeSets.forEach((a, i) => ul.append(el('li', {}, swatch(shade((i * 67) % 360, sizes[0])), a.text)));
      }
      if (attributeSets.some(a => a.user !== null)) ul.append(el('li', {}, swatch(USER), 'top band: user-accessible (' + roleNames('user') + ')'));
      if (attributeSets.some(a => a.global !== null)) ul.append(el('li', {}, swatch(GLOBAL), 'bottom band: global (' + roleNames('global') + ')'));
      ul.append(el('li', {}, 'shade: page size, light to dark: ' + sizes.map(human).join(', ')));
      ul.append(el('li', {}, swatch(HOLE), 'hole (entries that map nothing)'), el('li', {}, swatch(FAULT), 'fault'),
        el('li', {}, swatch(TABLE), 'entry pointing to a table of the next level'),
        el('li', {}, swatch('repeating-linear-gradient(45deg,#ddd 0 3px,#fff 3px 6px)'), 'empty stretch, collapsed'));
      g.append(ul, el('h3', {}, 'Attributes of ' + D.tree.name));
      const attrs = el('table', { id: 'attribute-legend' }, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'combines'), el('th', {}, 'drawn as'), el('th', {}, 'meaning')));
      for (const a of D.tree.attributes) {
        attrs.append(el('tr', {}, el('td', { class: 'l attribute-name' }, a.name), el('td', { class: 'l' }, a.operator),
          el('td', { class: 'l' }, a.role ? (a.inverted ? 'not ' : '') + a.role : ''), el('td', { class: 'l' }, a.doc || '')));
      }
      g.append(attrs, el('h3', {}, 'Levels'));
      const lv = el('table', {}, el('tr', {}, el('th', {}, 'row'), el('th', {}, 'address bits'), el('th', {}, 'meaning')));
      for (const l of levels) lv.append(el('tr', {}, el('td', { class: 'l' }, l.name), el('td', { class: 'l' }, (l.shift + l.bits - 1) + ':' + l.shift), el('td', { class: 'l' }, l.doc || '')));
      g.append(lv);
    }

    summary();
    legend();
    resize();
    // Read-only: where a range and a row are on screen, so that tests can point at them with real
    // input events; nothing here changes the picture.
    window.ptdescView = Object.freeze({
      clientX(firstHex, lastHex) {
        const x = (xOf(big(firstHex), false) + xOf(big(lastHex), true)) / 2;
        const p = toPx(x);
        return p < GUTTER || p > GUTTER + plotWidth() ? null : canvas.getBoundingClientRect().left + p;
      },
      rowClientY(label) {
        const row = rows.find(r => r.label === label);
        return row === undefined ? null : canvas.getBoundingClientRect().top + row.y + row.height / 2;
      }
    });
  }
})();
