// The embeddable configuration page of a data source instance. It runs with the customer's token,
// passed in the URL fragment (#token=…) so that it never reaches a server log, and talks only to
// the public API.
(() => {
  const instanceId = decodeURIComponent(location.pathname.split('/')[3] || '');
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || new URLSearchParams(location.search).get('token');
  const $ = (id) => document.getElementById(id);
  const state = { instance: null, crumbs: [], cursor: null, selected: null, spec: null };

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = new Error(json.message || ('Request failed (' + response.status + ')'));
      error.details = json.details || {};
      throw error;
    }
    return json;
  }

  function problem(message) {
    $('problem').textContent = message;
    $('problem').hidden = !message;
  }

  function show(instance) {
    state.instance = instance;
    $('subtitle').textContent = 'Choose where this data comes from in your account.';
    $('current').hidden = false;
    $('current-name').textContent = instance.collectionKey
      ? instance.collectionKey + paramsText(instance.collectionParameters) : 'No collection chosen';
    $('current-state').textContent = instance.state === 'READY' ? 'Ready' : 'Needs attention';
    const errors = $('current-errors');
    errors.replaceChildren(...(instance.errors || []).map((e) => Object.assign(document.createElement('li'), { textContent: e.message })));
    $('pull').placeholder = String(instance.pullUpdatesIntervalSeconds);
    $('full').placeholder = String(instance.fullSyncIntervalSeconds);
  }

  function paramsText(parameters) {
    const entries = Object.entries(parameters || {});
    return entries.length ? ' (' + entries.map(([k, v]) => k + ': ' + v).join(', ') + ')' : '';
  }

  async function openDirectory(crumbs) {
    state.crumbs = crumbs;
    state.cursor = null;
    $('locations').replaceChildren(Object.assign(document.createElement('li'), { textContent: 'Loading…', className: 'muted' }));
    renderCrumbs();
    await loadPage(false);
  }

  async function loadPage(append) {
    const here = state.crumbs[state.crumbs.length - 1];
    try {
      const page = await api('POST', '/data-source-instance/locations?id=' + encodeURIComponent(instanceId),
        { key: here ? here.key : null, parameters: here ? here.parameters : {}, cursor: state.cursor });
      const items = page.locations.map(itemFor);
      if (!items.length && !append) {
        items.push(Object.assign(document.createElement('li'), { textContent: 'Nothing here.', className: 'muted' }));
      }
      if (append) { $('locations').append(...items); } else { $('locations').replaceChildren(...items); }
      state.cursor = page.cursor || null;
      $('more').hidden = !state.cursor;
    } catch (e) {
      $('locations').replaceChildren();
      problem('Could not list this location: ' + e.message);
    }
  }

  function itemFor(location) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.key = location.key;
    button.append(Object.assign(document.createElement('span'), { textContent: location.name }),
      Object.assign(document.createElement('span'), { className: 'kind', textContent: location.type === 'directory' ? 'Folder ›' : 'Collection' }));
    if (location.type === 'directory') {
      button.addEventListener('click', () => openDirectory([...state.crumbs, location]));
    } else {
      button.setAttribute('aria-pressed', String(state.selected && state.selected.key === location.key));
      button.addEventListener('click', () => select(location, button));
    }
    li.append(button);
    return li;
  }

  function renderCrumbs() {
    const nav = $('crumbs');
    const root = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Top' });
    root.addEventListener('click', () => openDirectory([]));
    const parts = [root];
    state.crumbs.forEach((crumb, index) => {
      parts.push(Object.assign(document.createElement('span'), { textContent: '›' }));
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: crumb.name });
      button.addEventListener('click', () => openDirectory(state.crumbs.slice(0, index + 1)));
      parts.push(button);
    });
    nav.replaceChildren(...parts);
  }

  async function select(location, button) {
    document.querySelectorAll('#locations button[aria-pressed]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
    if (button) { button.setAttribute('aria-pressed', 'true'); }
    state.selected = { key: location.key, parameters: { ...(location.parameters || {}) } };
    problem('');
    try {
      state.spec = await api('GET', '/integrations/' + encodeURIComponent(state.instance.integrationId) + '/data/' + encodeURIComponent(location.key));
    } catch (e) {
      state.spec = { parametersSchema: { type: 'object' } };
      problem('Could not read this collection: ' + e.message);
    }
    renderParameters();
  }

  function renderParameters() {
    const schema = (state.spec && state.spec.parametersSchema) || {};
    const properties = schema.properties || {};
    const required = new Set(schema.required || []);
    const fields = Object.entries(properties).map(([name, property]) => {
      const label = document.createElement('label');
      label.textContent = (property.title || name) + (required.has(name) ? ' *' : '');
      const input = document.createElement('input');
      input.name = 'param:' + name;
      input.dataset.param = name;
      input.dataset.type = property.type || 'string';
      const value = state.selected.parameters[name];
      if (property.type === 'boolean') {
        input.type = 'checkbox';
        input.checked = value === true || value === 'true';
      } else {
        input.type = property.type === 'integer' || property.type === 'number' ? 'number' : 'text';
        input.value = value === undefined || value === null ? '' : String(value);
        input.required = required.has(name);
      }
      label.append(input);
      if (property.description) { label.append(Object.assign(document.createElement('span'), { className: 'hint', textContent: property.description })); }
      label.append(Object.assign(document.createElement('span'), { className: 'field-error', textContent: '' }));
      label.lastChild.dataset.for = 'parameters.' + name;
      return label;
    });
    $('parameters').replaceChildren(...fields);
    $('no-parameters').hidden = fields.length > 0;
  }

  function collect() {
    const body = { collectionKey: state.selected.key, collectionParameters: {} };
    document.querySelectorAll('#parameters input').forEach((input) => {
      const type = input.dataset.type;
      if (type === 'boolean') { body.collectionParameters[input.dataset.param] = input.checked; return; }
      if (input.value === '') { return; }
      body.collectionParameters[input.dataset.param] = type === 'integer' || type === 'number' ? Number(input.value) : input.value;
    });
    for (const [id, field] of [['pull', 'pullUpdatesIntervalSeconds'], ['full', 'fullSyncIntervalSeconds']]) {
      if ($(id).value !== '') { body[field] = Number($(id).value); }
    }
    return body;
  }

  function validate(body) {
    const errors = {};
    for (const field of ['pullUpdatesIntervalSeconds', 'fullSyncIntervalSeconds']) {
      if (body[field] !== undefined && (!Number.isInteger(body[field]) || body[field] < 60)) {
        errors[field] = ['Use a whole number of seconds, at least 60.'];
      }
    }
    document.querySelectorAll('#parameters input[required]').forEach((input) => {
      if (input.value === '') { errors['parameters.' + input.dataset.param] = ['A value is required.']; }
    });
    return errors;
  }

  function markErrors(details) {
    document.querySelectorAll('.field-error').forEach((span) => {
      const messages = details[span.dataset.for] || [];
      span.textContent = messages.join(' ');
      const input = span.parentElement.querySelector('input');
      if (input) { input.setAttribute('aria-invalid', String(messages.length > 0)); }
    });
  }

  async function save(event) {
    event.preventDefault();
    $('saved').hidden = true;
    problem('');
    if (!state.selected) { problem('Choose a collection first.'); return; }
    const body = collect();
    const errors = validate(body);
    markErrors(errors);
    if (Object.keys(errors).length) { return; }
    $('save').disabled = true;
    $('save').textContent = 'Saving…';
    try {
      show(await api('PATCH', '/data-source-instance?id=' + encodeURIComponent(instanceId), body));
      $('saved').hidden = false;
    } catch (e) {
      markErrors(e.details || {});
      problem(e.message);
    } finally {
      $('save').disabled = false;
      $('save').textContent = 'Save';
    }
  }

  async function start() {
    if (!token) { problem('This page needs a token: open it as …/configuration#token=<customer token>.'); $('subtitle').textContent = ''; return; }
    try {
      const instance = await api('GET', '/data-source-instance?id=' + encodeURIComponent(instanceId));
      show(instance);
      $('title').textContent = 'Where should we read this data?';
      $('picker').hidden = false;
      $('settings').hidden = false;
      if (instance.collectionKey) {
        state.selected = { key: instance.collectionKey, parameters: { ...(instance.collectionParameters || {}) } };
        await select({ key: instance.collectionKey, parameters: instance.collectionParameters }, null);
      }
      if (instance.pullUpdatesIntervalSeconds !== undefined && instance.isCustomized) { $('pull').value = ''; }
      await openDirectory([]);
    } catch (e) {
      $('subtitle').textContent = '';
      problem(e.message);
    }
  }

  $('settings').addEventListener('submit', save);
  $('more').addEventListener('click', () => loadPage(true));
  start();
})();
