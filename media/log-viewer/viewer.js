// The large-file log viewer's webview: virtual scrolling over lines fetched on demand, events list, filter, go-to-line, follow.
// @ts-check
(function () {
  // @ts-expect-error acquireVsCodeApi is provided by the webview host and declared nowhere TypeScript sees.
  const vscode = acquireVsCodeApi();
  const LINE_HEIGHT = 18;
  /** Browsers cap element heights; beyond this the scrollbar maps proportionally to rows. */
  const MAX_SCROLL_PX = 8000000;
  const MAX_CACHE = 20000;
  const MAX_EVENTS_SHOWN = 2000;

  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const scroller = $('scroller');
  const spacer = $('spacer');
  const rowsEl = $('rows');
  const status = $('status');
  const bar = $('progress-bar');
  const gotoInput = /** @type {HTMLInputElement} */ ($('goto'));
  const followBox = /** @type {HTMLInputElement} */ ($('follow'));
  const onlyEventsBox = /** @type {HTMLInputElement} */ ($('only-events'));
  const kindSelect = /** @type {HTMLSelectElement} */ ($('kind'));
  const filterInput = /** @type {HTMLInputElement} */ ($('filter'));
  const eventsHead = $('events-head');
  const eventsList = $('events-list');
  const errorBox = $('error');

  /** @type {string[]} */
  let tokenClasses = [];
  let lineCount = 0;
  let done = false;
  let progress = 0;
  let dropped = 0;
  /** @type {{kind:string,line:number,time?:string,jobId?:string,accountId?:string,arn?:string,roleName?:string,errorCode?:string,outcome?:string,message:string}[]} */
  let events = [];
  /** Rows shown when "only event lines" is on: the filtered events' line numbers. */
  /** @type {number[]} */
  let eventRows = [];
  /** @type {Map<number, {text:string,tokens:number[],cls?:string}>} */
  const cache = new Map();
  const inflight = new Set();
  /** @type {Map<number, [number, number]>} request seq → [first, count] */
  const requests = new Map();
  let seq = 0;
  let current = 0;
  let topRow = 0;

  const state = vscode.getState() || {};
  if (state.follow) followBox.checked = true;

  function totalRows() {
    return onlyEventsBox.checked ? eventRows.length : lineCount;
  }
  function lineOfRow(/** @type {number} */ row) {
    return onlyEventsBox.checked ? eventRows[row] : row + 1;
  }
  function visibleRows() {
    return Math.max(1, Math.ceil(scroller.clientHeight / LINE_HEIGHT));
  }
  function scaled() {
    return totalRows() * LINE_HEIGHT > MAX_SCROLL_PX;
  }
  function maxTop() {
    return Math.max(0, totalRows() - visibleRows() + 1);
  }

  function layout() {
    spacer.style.height = `${Math.min(totalRows() * LINE_HEIGHT + LINE_HEIGHT, MAX_SCROLL_PX)}px`;
  }

  /** Which row is at the top, from the scroll position (proportional when scaled). */
  function rowFromScroll() {
    if (!scaled()) return Math.floor(scroller.scrollTop / LINE_HEIGHT);
    const range = scroller.scrollHeight - scroller.clientHeight;
    return range > 0 ? Math.round((scroller.scrollTop / range) * maxTop()) : 0;
  }

  function scrollToRow(/** @type {number} */ row) {
    topRow = Math.max(0, Math.min(row, maxTop()));
    if (!scaled()) scroller.scrollTop = topRow * LINE_HEIGHT;
    else {
      const range = scroller.scrollHeight - scroller.clientHeight;
      scroller.scrollTop = maxTop() ? (topRow / maxTop()) * range : 0;
    }
    render();
  }

  function render() {
    const n = visibleRows() + 1;
    const total = totalRows();
    rowsEl.style.transform = `translateY(${scroller.scrollTop}px)`;
    rowsEl.textContent = '';
    const missing = [];
    for (let r = topRow; r < Math.min(total, topRow + n); r++) {
      const line = lineOfRow(r);
      const data = cache.get(line);
      if (!data) missing.push(line);
      rowsEl.appendChild(renderRow(line, data));
    }
    request(missing);
    if (done || lineCount) status.textContent = statusText();
  }

  function renderRow(/** @type {number} */ line, /** @type {{text:string,tokens:number[],cls?:string}|undefined} */ data) {
    const row = document.createElement('div');
    row.className = `row${data && data.cls ? ` ${data.cls}` : ''}${line === current ? ' current' : ''}`;
    const gutter = document.createElement('span');
    gutter.className = 'gutter';
    gutter.textContent = String(line);
    const text = document.createElement('span');
    text.className = 'text';
    if (data) {
      let at = 0;
      const t = data.tokens;
      for (let i = 0; i < t.length; i += 3) {
        if (t[i] > at) text.appendChild(document.createTextNode(data.text.slice(at, t[i])));
        const span = document.createElement('span');
        span.className = `t-${tokenClasses[t[i + 2]] || 'x'}`;
        span.textContent = data.text.slice(t[i], t[i + 1]);
        text.appendChild(span);
        at = t[i + 1];
      }
      if (at < data.text.length) text.appendChild(document.createTextNode(data.text.slice(at)));
    }
    row.append(gutter, text);
    return row;
  }

  /** Asks the extension for missing lines, in runs of consecutive line numbers. */
  function request(/** @type {number[]} */ lines) {
    const want = lines.filter((l) => !inflight.has(l));
    if (!want.length) return;
    let start = want[0];
    let prev = start;
    const flush = (/** @type {number} */ a, /** @type {number} */ b) => {
      // Fetch a little around the screen so small scrolls need no round trip.
      const first = Math.max(1, a - (onlyEventsBox.checked ? 0 : 20));
      const count = b - first + 1 + (onlyEventsBox.checked ? 0 : 40);
      for (let l = first; l < first + count; l++) inflight.add(l);
      requests.set(++seq, [first, count]);
      vscode.postMessage({ type: 'lines', first, count, seq });
    };
    for (const l of want.slice(1)) {
      if (l !== prev + 1) {
        flush(start, prev);
        start = l;
      }
      prev = l;
    }
    flush(start, prev);
  }

  function statusText() {
    const parts = [`${lineCount.toLocaleString()} lines`, `${events.length.toLocaleString()}${dropped ? '+' : ''} events`];
    if (!done) parts.push(`indexing ${Math.floor(progress)}%`);
    if (followBox.checked) parts.push('following');
    return parts.join(' · ');
  }

  function filteredEvents() {
    const kind = kindSelect.value;
    const q = filterInput.value.trim().toLowerCase();
    return events.filter(
      (e) =>
        (!kind || e.kind === kind) &&
        (!q || [e.accountId, e.jobId, e.arn, e.roleName, e.errorCode, e.message, e.time].some((v) => v && String(v).toLowerCase().includes(q))),
    );
  }

  function renderEvents() {
    const list = filteredEvents();
    eventRows = [...new Set(list.map((e) => e.line))].sort((a, b) => a - b);
    eventsHead.textContent = `${list.length.toLocaleString()} of ${events.length.toLocaleString()} events${dropped ? ` (${dropped.toLocaleString()} more not listed)` : ''}${list.length > MAX_EVENTS_SHOWN ? ` · first ${MAX_EVENTS_SHOWN} shown` : ''}`;
    eventsList.textContent = '';
    for (const e of list.slice(0, MAX_EVENTS_SHOWN)) {
      const item = document.createElement('div');
      item.className = `event ${e.kind}`;
      item.tabIndex = 0;
      item.title = e.message;
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = `${e.line}${e.time ? ` ${e.time}` : ''}${e.jobId ? ` job ${e.jobId}` : ''}`;
      const label = e.kind === 'error' ? `Error${e.errorCode ? ` ${e.errorCode}` : ''}` : e.kind === 'connect' ? 'Connect' : e.outcome === 'success' ? 'Credentials validated' : 'Validate credentials';
      item.append(where, document.createTextNode(`${label}${e.roleName ? ` ${e.roleName}` : ''}${e.accountId ? ` (${e.accountId})` : ''}`));
      item.addEventListener('click', () => goToLine(e.line));
      item.addEventListener('keydown', (ev) => ev.key === 'Enter' && goToLine(e.line));
      eventsList.appendChild(item);
    }
    if (onlyEventsBox.checked) {
      layout();
      scrollToRow(Math.min(topRow, maxTop()));
    }
  }

  function goToLine(/** @type {number} */ line) {
    if (!line || line < 1) return;
    current = Math.min(line, Math.max(1, lineCount));
    if (onlyEventsBox.checked) {
      const row = eventRows.findIndex((l) => l >= current);
      scrollToRow(Math.max(0, row - 3));
    } else scrollToRow(current - 1 - Math.floor(visibleRows() / 3));
    scroller.focus();
  }

  function setFollow(/** @type {boolean} */ on) {
    vscode.setState({ ...vscode.getState(), follow: on });
    vscode.postMessage({ type: 'follow', on });
    if (on) scrollToRow(maxTop());
    status.textContent = statusText();
  }

  scroller.addEventListener('scroll', () => {
    const row = rowFromScroll();
    if (row !== topRow || !scaled()) {
      topRow = row;
      render();
    }
  });
  // When scaled, native wheel and keys would jump many lines per pixel: move by rows instead.
  scroller.addEventListener(
    'wheel',
    (ev) => {
      if (!scaled()) return;
      ev.preventDefault();
      scrollToRow(topRow + Math.round(ev.deltaY / LINE_HEIGHT || Math.sign(ev.deltaY) * 3));
    },
    { passive: false },
  );
  scroller.addEventListener('keydown', (ev) => {
    const page = visibleRows() - 1;
    const moves = /** @type {Record<string, number>} */ ({ ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page });
    if (ev.key in moves) scrollToRow(topRow + moves[ev.key]);
    else if (ev.key === 'Home' || (ev.key === 'Home' && ev.ctrlKey)) scrollToRow(0);
    else if (ev.key === 'End') scrollToRow(maxTop());
    else return;
    ev.preventDefault();
  });
  window.addEventListener('keydown', (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'g') {
      ev.preventDefault();
      gotoInput.focus();
      gotoInput.select();
    }
  });
  gotoInput.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') goToLine(Number(gotoInput.value));
  });
  followBox.addEventListener('change', () => setFollow(followBox.checked));
  onlyEventsBox.addEventListener('change', () => {
    layout();
    renderEvents();
    scrollToRow(0);
  });
  kindSelect.addEventListener('change', renderEvents);
  filterInput.addEventListener('input', renderEvents);
  $('open-editor').addEventListener('click', () => vscode.postMessage({ type: 'openInEditor' }));
  window.addEventListener('resize', () => {
    layout();
    render();
  });

  window.addEventListener('message', (ev) => {
    const msg = ev.data;
    if (msg.type === 'config') {
      tokenClasses = msg.tokenClasses;
      const root = document.documentElement.style;
      root.setProperty('--connect-bg', msg.colours.connect);
      root.setProperty('--validate-bg', msg.colours.validate);
      root.setProperty('--error-bg', msg.colours.error);
      render();
    } else if (msg.type === 'reset') {
      cache.clear();
      inflight.clear();
      requests.clear();
      events = [];
      lineCount = 0;
      done = false;
      renderEvents();
      layout();
      render();
    } else if (msg.type === 'info') {
      if (msg.error) {
        errorBox.hidden = false;
        errorBox.textContent = msg.error;
      }
      const previous = lineCount;
      lineCount = msg.lineCount;
      done = msg.done;
      dropped = msg.droppedEvents;
      if (typeof msg.progress === 'number') progress = msg.progress;
      bar.style.width = done ? '0' : `${progress}%`;
      // The old last line may have been partial: fetch it again.
      cache.delete(previous);
      inflight.delete(previous);
      if (msg.events.length) {
        events.push(...msg.events);
        renderEvents();
      }
      layout();
      if (followBox.checked && (msg.appended || done)) scrollToRow(maxTop());
      else render();
    } else if (msg.type === 'lines') {
      for (let i = 0; i < msg.lines.length; i++) cache.set(msg.first + i, msg.lines[i]);
      const [first, count] = requests.get(msg.seq) || [msg.first, msg.lines.length];
      requests.delete(msg.seq);
      for (let l = first; l < first + count; l++) inflight.delete(l);
      if (cache.size > MAX_CACHE) {
        const keep = new Set();
        for (let r = topRow; r < topRow + visibleRows() + 1; r++) keep.add(lineOfRow(r));
        for (const k of cache.keys()) if (!keep.has(k)) cache.delete(k);
      }
      render();
    }
  });

  if (followBox.checked) vscode.postMessage({ type: 'follow', on: true });
  vscode.postMessage({ type: 'ready' });
})();
