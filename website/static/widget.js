/*
 * Spoorwijzer chat widget: a small client for Rasa's socket.io channel.
 *
 * - Session persistence: the session id and the messages are kept in localStorage,
 *   so a reload shows the history and Rasa continues the same conversation. After
 *   Rasa's own session expiration (data-session-minutes) the widget starts afresh.
 * - Bot text is always put in the page as text nodes, never as HTML. Only a tiny
 *   subset is formatted: paragraphs, "- " lists, **bold**, and web/e-mail links.
 * - Deep links: any element with data-ask-in-chat="faq/<id>" opens the widget and
 *   asks for that answer, also when a session already exists (unlike an initPayload,
 *   which fires once per session). "?chat=1" on a FAQ page does the same on load.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var config = {
    socketUrl: script.getAttribute('data-socket-url') || window.location.origin,
    sessionMinutes: parseInt(script.getAttribute('data-session-minutes') || '60', 10),
    storageKey: 'spoorwijzer.chat.v1',
    replyTimeoutMs: 15000
  };

  // ---- state, persisted ---------------------------------------------------
  var state = loadState();

  function freshState() {
    return { sessionId: null, messages: [], open: false, updated: Date.now() };
  }

  function loadState() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(config.storageKey));
      if (stored && Array.isArray(stored.messages) &&
          Date.now() - stored.updated < config.sessionMinutes * 60000) {
        return stored;
      }
    } catch (e) { /* unreadable or blocked storage: start fresh */ }
    return freshState();
  }

  function saveState() {
    state.updated = Date.now();
    try {
      window.localStorage.setItem(config.storageKey, JSON.stringify(state));
    } catch (e) { /* private mode or full: the chat still works, without memory */ }
  }

  // ---- DOM ----------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = attrs[key]; }
      else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  var launcher = el('button', {
    type: 'button', 'class': 'sw-launcher', 'aria-expanded': 'false',
    'aria-controls': 'sw-panel', text: 'Chat met Spoorwijzer'
  });
  var log = el('div', {
    'class': 'sw-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Gesprek', tabindex: '0'
  });
  var status = el('p', { 'class': 'sw-status', role: 'status' });
  var input = el('textarea', {
    id: 'sw-input', 'class': 'sw-input', rows: '1', maxlength: '2000',
    placeholder: 'Typ je vraag…', autocomplete: 'off'
  });
  var sendButton = el('button', { type: 'submit', 'class': 'sw-send', text: 'Verstuur' });
  var form = el('form', { 'class': 'sw-form' }, [
    el('label', { 'for': 'sw-input', 'class': 'sw-visually-hidden', text: 'Je bericht' }),
    input, sendButton
  ]);
  var closeButton = el('button', {
    type: 'button', 'class': 'sw-close', 'aria-label': 'Chat sluiten', text: '×'
  });
  var resetButton = el('button', { type: 'button', 'class': 'sw-reset', text: 'Nieuw gesprek' });
  var panel = el('section', {
    id: 'sw-panel', 'class': 'sw-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': 'sw-title', hidden: ''
  }, [
    el('header', { 'class': 'sw-header' }, [
      el('h2', { id: 'sw-title', text: 'Spoorwijzer' }),
      el('p', { 'class': 'sw-subtitle', text: 'Vragen over re-integratie, spoor 1 en spoor 2' }),
      resetButton, closeButton
    ]),
    log, status, form
  ]);
  var root = el('div', { 'class': 'sw-widget', 'data-spoorwijzer': '' }, [panel, launcher]);

  // ---- text formatting (text nodes only) ------------------------------------
  var INLINE = /(\*\*[^*]+\*\*|https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

  function appendInline(parent, text) {
    var last = 0;
    text.replace(INLINE, function (match, _group, offset) {
      if (offset > last) { parent.appendChild(document.createTextNode(text.slice(last, offset))); }
      if (match.indexOf('**') === 0) {
        parent.appendChild(el('strong', { text: match.slice(2, -2) }));
      } else if (/^https?:/.test(match)) {
        parent.appendChild(el('a', { href: match, target: '_blank', rel: 'noopener', text: match }));
      } else {
        parent.appendChild(el('a', { href: 'mailto:' + match, text: match }));
      }
      last = offset + match.length;
      return match;
    });
    if (last < text.length) { parent.appendChild(document.createTextNode(text.slice(last))); }
  }

  function formatText(text) {
    var fragment = document.createDocumentFragment();
    var list = null;
    var paragraph = null;
    String(text || '').split('\n').forEach(function (line) {
      var item = /^\s*[-•*]\s+(.*)$/.exec(line);
      if (item) {
        paragraph = null;
        if (!list) { list = fragment.appendChild(el('ul')); }
        appendInline(list.appendChild(el('li')), item[1]);
      } else if (line.trim() === '') {
        list = null; paragraph = null;
      } else {
        list = null;
        if (paragraph) { paragraph.appendChild(el('br')); }
        else { paragraph = fragment.appendChild(el('p')); }
        appendInline(paragraph, line);
      }
    });
    return fragment;
  }

  // ---- rendering ------------------------------------------------------------
  function render() {
    log.textContent = '';
    state.messages.forEach(function (message) {
      if (message.from === 'link') {
        var link = el('a', { href: message.url, target: '_blank', rel: 'noopener',
          text: 'Deze uitleg als pagina (link om door te sturen)' });
        log.appendChild(el('p', { 'class': 'sw-answer-link' }, [link]));
        return;
      }
      var bubble = el('div', { 'class': 'sw-message sw-' + message.from });
      bubble.appendChild(el('span', { 'class': 'sw-visually-hidden',
        text: message.from === 'user' ? 'Jij: ' : 'Spoorwijzer: ' }));
      bubble.appendChild(formatText(message.text));
      log.appendChild(bubble);
    });
    renderChoices();
    log.scrollTop = log.scrollHeight;
  }

  // Buttons are offered only for the latest bot message, below its link.
  function renderChoices() {
    var latest = state.messages.filter(function (m) { return m.from !== 'link'; }).pop();
    if (!latest || latest.from !== 'bot' || !latest.buttons || !latest.buttons.length) { return; }
    var row = el('div', { 'class': 'sw-buttons', role: 'group', 'aria-label': 'Kies een vervolgvraag' });
    latest.buttons.forEach(function (button) {
      var choice = el('button', { type: 'button', 'class': 'sw-choice', text: button.title });
      choice.addEventListener('click', function () { send(button.payload, button.title); });
      row.appendChild(choice);
    });
    log.appendChild(row);
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    render();
  }

  function setStatus(text) { status.textContent = text || ''; }

  // ---- socket ---------------------------------------------------------------
  var socket = null;
  var confirmed = false;
  var queue = [];
  var replyTimer = null;

  function connect() {
    if (socket) { return; }
    if (typeof window.io !== 'function') {
      setStatus('De chat kan niet laden. Probeer de pagina later opnieuw.');
      return;
    }
    // Websocket only: the Rasa server checks the page's origin at the handshake
    // (CORS_ORIGINS), and no long-polling requests need CORS headers.
    socket = window.io(config.socketUrl, { transports: ['websocket'], reconnectionDelayMax: 10000 });
    socket.on('connect', function () {
      confirmed = false;
      setStatus('');
      socket.emit('session_request', { session_id: state.sessionId });
    });
    socket.on('session_confirm', function (sessionId) {
      state.sessionId = (sessionId && sessionId.session_id) || sessionId;
      confirmed = true;
      saveState();
      var pending = queue; queue = [];
      pending.forEach(emitMessage);
    });
    socket.on('bot_uttered', receive);
    socket.on('connect_error', function () {
      setStatus('Geen verbinding met de chat. We proberen het opnieuw…');
    });
    socket.on('disconnect', function () {
      setStatus('Verbinding verbroken. We proberen het opnieuw…');
    });
  }

  function emitMessage(text) {
    socket.emit('user_uttered', { message: text, session_id: state.sessionId });
    clearTimeout(replyTimer);
    setStatus('Spoorwijzer denkt na…');
    replyTimer = setTimeout(function () {
      setStatus('Het antwoord blijft uit. Probeer het zo nog eens.');
    }, config.replyTimeoutMs);
  }

  // Sends now, or as soon as the session is confirmed.
  function deliver(message) {
    connect();
    if (confirmed && socket && socket.connected) { emitMessage(message); } else { queue.push(message); }
  }

  function send(text, shownAs) {
    var message = String(text || '').trim();
    if (!message) { return; }
    addMessage({ from: 'user', text: shownAs || message });
    deliver(message);
  }

  function receive(data) {
    if (!data || typeof data !== 'object') { return; }
    clearTimeout(replyTimer);
    setStatus('');
    if (data.answer_link && data.answer_link.url) {
      addMessage({ from: 'link', url: String(data.answer_link.url) });
      return;
    }
    var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
      return b && b.title && b.payload;
    }).map(function (b) { return { title: String(b.title), payload: String(b.payload) }; });
    if (data.text || buttons.length) {
      addMessage({ from: 'bot', text: String(data.text || ''), buttons: buttons });
    }
  }

  // ---- opening, closing, deep links -------------------------------------------
  function open(focusInput) {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add('sw-open');
    state.open = true;
    saveState();
    connect();
    render();
    if (focusInput !== false) { input.focus(); }
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove('sw-open');
    state.open = false;
    saveState();
    launcher.focus();
  }

  // The greeting at the start is sent without a user bubble.
  function greetIfNew() {
    if (!state.messages.length) { deliver('/greet'); }
  }

  function askAnswer(answerId, title) {
    open();
    send('/kies_antwoord' + JSON.stringify({ antwoord: answerId }), 'Uitleg: ' + (title || answerId));
  }

  function reset() {
    state = freshState();
    state.open = true;
    saveState();
    if (socket) { socket.disconnect(); socket = null; confirmed = false; queue = []; }
    render();
    greetIfNew();
    input.focus();
  }

  launcher.addEventListener('click', function () {
    if (panel.hidden) { open(); greetIfNew(); } else { close(); }
  });
  closeButton.addEventListener('click', close);
  resetButton.addEventListener('click', reset);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { close(); }
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send(input.value);
    input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit'));
    }
  });
  document.addEventListener('click', function (event) {
    var target = event.target.closest && event.target.closest('[data-ask-in-chat],[data-open-chat]');
    if (!target) { return; }
    event.preventDefault();
    if (target.hasAttribute('data-ask-in-chat')) {
      askAnswer(target.getAttribute('data-ask-in-chat'), target.getAttribute('data-titel'));
    } else {
      open(); greetIfNew();
    }
  });

  document.body.appendChild(root);
  window.Spoorwijzer = { open: open, close: close, ask: askAnswer, send: send };

  // "?chat=1" on a FAQ page: open the chat with this page's answer, once.
  var params = new URLSearchParams(window.location.search);
  var main = document.querySelector('main[data-antwoord]');
  if (params.get('chat') && main) {
    params.delete('chat');
    var query = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
    askAnswer(main.getAttribute('data-antwoord'), main.getAttribute('data-titel'));
  } else if (state.open) {
    open(false);
  } else {
    render();
    if (state.sessionId) { connect(); }  // replies to a pending question still arrive
  }
}());
