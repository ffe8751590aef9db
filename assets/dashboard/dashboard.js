// SPDX-License-Identifier: Apache-2.0
// The dashboard's page: polls /dashboard/data every 5 seconds and fills the page from it.
// Everything from the data goes in through textContent or attributes, never as HTML.
'use strict';

(function () {
  const POLL_MS = 5000;
  const T = JSON.parse(document.body.dataset.i18n || '{}');
  const LANG = document.documentElement.lang || 'en';
  const SVG = 'http://www.w3.org/2000/svg';
  const numberFormat = new Intl.NumberFormat(LANG);
  let timer = null;

  function t(key, values) {
    let text = Object.prototype.hasOwnProperty.call(T, key) ? T[key] : key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split('{' + name + '}').join(String(value));
    }
    return text;
  }

  function num(n) {
    return n === null || n === undefined ? '–' : numberFormat.format(n);
  }

  function percent(share) {
    if (share === null || share === undefined) {
      return '–';
    }
    const text = (share * 100).toFixed(1);
    return LANG === 'fr' ? text.replace('.', ',') + '\u202f%' : text + '%';
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function setText(id, text) {
    byId(id).textContent = text;
  }

  // A table cell holding `text`, with a class for alignment and for tests to find it.
  function cell(text, cls) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (cls) {
      td.className = cls;
    }
    return td;
  }

  function row(cells, attrs) {
    const tr = document.createElement('tr');
    for (const [name, value] of Object.entries(attrs || {})) {
      tr.setAttribute(name, value);
    }
    tr.append(...cells);
    return tr;
  }

  function emptyRow(columns, text) {
    const td = cell(text, 'empty');
    td.colSpan = columns;
    return row([td]);
  }

  function fill(tableId, rows, columns) {
    const body = byId(tableId).tBodies[0];
    body.replaceChildren(...(rows.length ? rows : [emptyRow(columns, t('none_yet'))]));
  }

  function ago(seconds) {
    if (seconds === null || seconds === undefined) {
      return '';
    }
    return seconds < 120 ? t('seconds_ago', { n: seconds }) : t('minutes_ago', { n: Math.floor(seconds / 60) });
  }

  function renderDay(data) {
    setText('day-label', data.is_today ? t('day_today', { day: data.day }) : t('day_other', { day: data.day }));
    const note = byId('day-note');
    note.hidden = data.is_today;
    note.textContent = data.is_today ? '' : t('not_meeting_day', { today: data.today, day: data.day });
  }

  function renderBig(data) {
    const total = data.total;
    setText('admitted', num(total.admitted));
    setText('expected', num(total.expected));
    setText('walk-ins', num(total.walk_ins));
    const arrived = total.admitted - total.walk_ins;
    setText('arrived-share', total.expected > 0 ? percent(arrived / total.expected) : '–');
    const inside = data.inside_now;
    byId('inside-box').hidden = !inside;
    if (inside) {
      setText('inside', num(inside.total));
    }
  }

  function alertText(alert) {
    switch (alert.kind) {
      case 'silent':
        return t(alert.never ? 'alert_silent_never' : 'alert_silent', { door: alert.door, time: alert.time_local });
      case 'queue_growing':
        return t('alert_queue_growing', { door: alert.door, n: num(alert.value) });
      case 'failing':
        return t('alert_failing', { door: alert.door, time: alert.time_local });
      default:
        return alert.door + ': ' + alert.kind;
    }
  }

  function renderAlerts(alerts) {
    const band = byId('alerts');
    band.hidden = alerts.length === 0;
    byId('alert-list').replaceChildren(...alerts.map((a) => {
      const li = document.createElement('li');
      li.textContent = alertText(a);
      li.dataset.kind = a.kind;
      li.dataset.door = a.door;
      return li;
    }));
  }

  function renderDoors(doors) {
    const rows = doors.map((d) => {
      const state = cell(t('state_' + d.state), 'state ' + d.state);
      const heard = d.last_seen_local ? d.last_seen_local + ' (' + ago(d.seconds_ago) + ')' : '';
      const error = d.last_error ? (d.last_error_at_local ? d.last_error_at_local + ' ' : '') + d.last_error : '';
      return row([cell(d.id, 'id'), state, cell(heard, 'heard'), cell(d.queue === null ? '' : num(d.queue), 'n queue'),
        cell(d.version, 'version'), cell(d.address, 'address'), cell(error, 'error')],
      { 'data-door': d.id, class: d.alerting ? 'alerting' : '' });
    });
    const body = byId('doors').tBodies[0];
    body.replaceChildren(...(rows.length ? rows : [emptyRow(7, t('no_doors'))]));
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs)) {
      e.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  // Bars per quarter hour, drawn to a fixed viewBox the CSS scales to the panel's width.
  function renderCurve(slots) {
    const box = byId('curve');
    if (!slots.length) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = t('no_arrivals');
      box.replaceChildren(p);
      return;
    }
    const width = 600;
    const height = 200;
    const left = 28;
    const bottom = 20;
    const top = 14;
    const max = Math.max(1, ...slots.map((s) => s.arrivals));
    // A bar is never wider than a quarter hour of a four-hour morning: one busy quarter is
    // a bar, not a block.
    const step = Math.min((width - left) / slots.length, (width - left) / 16);
    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': t('arrivals_curve') });
    chart.append(svg('line', { class: 'axis', x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
    chart.append(svg('text', { x: 0, y: top, 'data-max': max }, num(max)));
    slots.forEach((s, i) => {
      const h = (height - bottom - top) * (s.arrivals / max);
      const x = left + i * step;
      const bar = svg('rect', { class: 'bar', x: x + 1, y: height - bottom - h, width: Math.max(1, step - 2), height: h,
        'data-from': s.from, 'data-arrivals': s.arrivals });
      bar.append(svg('title', {}, s.from + ': ' + s.arrivals));
      chart.append(bar);
      if (s.arrivals > 0 && slots.length <= 24) {
        chart.append(svg('text', { class: 'value', x: x + step / 2, y: height - bottom - h - 3, 'text-anchor': 'middle' }, num(s.arrivals)));
      }
      if (s.from.endsWith(':00') || slots.length <= 8) {
        chart.append(svg('text', { x: x, y: height - 5 }, s.from));
      }
    });
    box.replaceChildren(chart);
  }

  function renderCategories(categories) {
    fill('categories', categories.map((c) => row([cell(c.value), cell(num(c.admitted), 'n admitted'),
      cell(num(c.expected), 'n expected'), cell(num(c.walk_ins), 'n walk-ins'), cell(num(c.not_arrived), 'n not-arrived')],
    { 'data-category': c.value })), 5);
  }

  function genderCells(g) {
    return [cell(num(g.female), 'n female'), cell(num(g.male), 'n male'), cell(num(g.other), 'n other'),
      cell(num(g.undisclosed), 'n undisclosed'), cell(num(g.attended), 'n attended'), cell(percent(g.female_share), 'n share')];
  }

  function renderGender(data) {
    fill('gender', data.by_delegation_gender.map((g) => row([cell(g.delegation, 'delegation'), ...genderCells(g)],
      { 'data-delegation': g.delegation })), 7);
    const heads = byId('heads');
    const th = heads.cells[0];
    heads.replaceChildren(th, ...genderCells(data.heads_of_delegation));
  }

  function renderZones(zones) {
    const box = byId('zones-box');
    box.hidden = !zones || zones.length === 0;
    box.parentElement.classList.toggle('single', box.hidden);
    if (zones && zones.length) {
      fill('zones', zones.map((z) => row([cell(z.name), cell(num(z.inside) + (z.capacity ? ' / ' + num(z.capacity) : ''), 'n inside')],
        { 'data-zone': z.id })), 2);
    }
  }

  function renderLatest(latest) {
    byId('latest-box').hidden = !latest;
    if (latest) {
      fill('latest', latest.map((a) => row([cell(a.time, 'time'), cell(a.name, 'name'), cell(a.delegation, 'delegation'),
        cell(a.door, 'door')])), 4);
    }
  }

  // The closed days' documents, a row per day with a link per format (the server made the
  // addresses; the text is the format's name).
  function renderDocuments(documents) {
    byId('documents-box').hidden = documents === null || documents === undefined;
    const days = [];
    for (const d of documents || []) {
      if (!days.length || days[days.length - 1].day !== d.day) {
        days.push({ day: d.day, files: [] });
      }
      days[days.length - 1].files.push(d);
    }
    const rows = days.map((day) => {
      const links = document.createElement('td');
      links.className = 'links';
      for (const f of day.files) {
        const a = document.createElement('a');
        a.href = f.href;
        a.textContent = f.format.toUpperCase();
        a.setAttribute('download', '');
        a.dataset.format = f.format;
        links.append(a, ' ');
      }
      return row([cell(day.day, 'day'), links], { 'data-day': day.day });
    });
    const body = byId('documents').tBodies[0];
    body.replaceChildren(...(rows.length ? rows : [emptyRow(2, t('no_documents'))]));
  }

  function render(data) {
    renderDay(data);
    renderBig(data);
    renderAlerts(data.alerts);
    renderDoors(data.doors);
    renderCurve(data.arrivals_per_15_min.filter((s) => s.day === data.day));
    renderCategories(data.categories);
    renderGender(data);
    renderZones(data.zones);
    renderLatest(data.latest_arrivals);
    renderDocuments(data.documents);
    setText('updated', t('updated_at') + ' ' + data.now_local);
    document.body.dataset.generatedAt = data.generated_at;
  }

  function status(text, bad) {
    const s = byId('status');
    s.textContent = text;
    s.classList.toggle('bad', Boolean(bad));
  }

  function signedOut() {
    status(t('signed_out'), true);
    const link = document.createElement('a');
    link.href = '/sign-in?lang=' + encodeURIComponent(LANG);
    link.textContent = t('sign_in_again');
    byId('status').append(' ', link);
    document.body.dataset.signedOut = 'true';
  }

  async function poll() {
    timer = null;
    let response;
    try {
      response = await fetch('/dashboard/data', { credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      status(t('connection_lost'), true);
      timer = setTimeout(poll, POLL_MS);
      return;
    }
    if (response.status === 401) {
      signedOut(); // polling stops here
      return;
    }
    if (response.ok) {
      try {
        render(await response.json());
        status('', false);
      } catch (e) {
        status(t('connection_lost'), true);
      }
    } else {
      status(t('connection_lost'), true);
    }
    timer = setTimeout(poll, POLL_MS);
  }

  poll();
}());
