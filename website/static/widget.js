/*
 * Spoorwijzer chat widget: a small client for Rasa's socket.io channel, put on a page
 * with one tag. The demo site uses the same tag as a firm's own website:
 *
 *   <script src="https://chat.example.nl/widget.js" async
 *           data-server="https://chat.example.nl" data-title="Spoorwijzer"></script>
 *
 * - Settings come from the tag's data attributes (readConfig; the README lists them),
 *   with defaults from the website that served this file (SERVED, website/app.py).
 * - The widget lives in a shadow root of its own element (<spoorwijzer-chat>): its
 *   styles (widget.css, loaded from the address this file came from) reach only the
 *   widget, and the page's styles reach it only through inherited properties, which
 *   widget.css resets on :host.
 * - Session persistence: the session id and the messages are kept in localStorage,
 *   so a reload shows the history and Rasa continues the same conversation. After
 *   Rasa's own session expiration the widget starts afresh.
 * - Bot text is always put in the page as text nodes, never as HTML. Only a tiny
 *   subset is formatted: paragraphs, "- " lists, **bold**, and web/e-mail links.
 * - Deep links: any element with data-ask-in-chat="faq/<id>" opens the widget and
 *   asks for that answer, also when a session already exists (unlike an initPayload,
 *   which fires once per session); data-open-chat just opens it. "?chat=1" on a FAQ
 *   page does the same on load.
 */
(function () {
  'use strict';

  // document.currentScript is only set while this file first runs (also for async
  // scripts): read it before anything waits.
  var script = document.currentScript ||
    document.querySelector('script[src$="widget.js"], script[src*="widget.js?"]');
  if (window.Spoorwijzer) { return; }  // the tag is on the page twice

  // Filled in by the website that serves /widget.js: where browsers reach Rasa, how
  // long Rasa keeps a session, and the version of the files loaded below.
  var SERVED = {};

  var DEFAULT_TITLE = 'Spoorwijzer';
  var MAX_FAILED_CONNECTS = 3;  // then the widget says the chat is unreachable

  // ---- settings from the tag ------------------------------------------------
  function originOf(value) {
    if (!value) { return null; }
    try {
      var url = new URL(value, window.location.href);
      return /^https?:$/.test(url.protocol) ? url.origin : null;
    } catch (e) { return null; }
  }

  function warn(message) {
    if (window.console && console.warn) { console.warn('Spoorwijzer: ' + message); }
  }

  // Relative luminance (WCAG 2.1) of a #rrggbb colour.
  function luminance(hex) {
    return [1, 3, 5].reduce(function (sum, at, i) {
      var c = parseInt(hex.slice(at, at + 2), 16) / 255;
      c = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      return sum + c * [0.2126, 0.7152, 0.0722][i];
    }, 0);
  }

  function mix(hex, other, share) {
    var out = '#';
    for (var at = 1; at < 7; at += 2) {
      var c = parseInt(hex.slice(at, at + 2), 16) * (1 - share) + parseInt(other.slice(at, at + 2), 16) * share;
      out += ('0' + Math.round(c).toString(16)).slice(-2);
    }
    return out;
  }

  // The accent carries white text (launcher, header, the user's messages), so only a
  // #rgb or #rrggbb colour dark enough for 4.5:1 against white is taken.
  function accentColours(value) {
    if (!value) { return null; }
    var hex = String(value).trim().toLowerCase();
    if (/^#[0-9a-f]{3}$/.test(hex)) { hex = '#' + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3]; }
    if (!/^#[0-9a-f]{6}$/.test(hex)) {
      warn('data-accent "' + value + '" is geen kleur als #0b6e4f; de standaardkleur blijft.');
      return null;
    }
    if (1.05 / (luminance(hex) + 0.05) < 4.5) {
      warn('data-accent "' + value + '" is te licht voor witte tekst (minder dan 4,5:1); de standaardkleur blijft.');
      return null;
    }
    return { accent: hex, dark: mix(hex, '#000000', 0.28), soft: mix(hex, '#ffffff', 0.93) };
  }

  function readConfig(tag) {
    var data = (tag && tag.dataset) || {};
    var site = originOf(data.site) || originOf(tag && tag.src) || window.location.origin;
    var server = originOf(data.server);
    if (data.server && !server) { warn('data-server "' + data.server + '" is geen http(s)-adres.'); }
    var minutes = parseInt(data.sessionMinutes, 10);
    var open = data.open;
    return {
      site: site,
      server: server || originOf(SERVED.server) || site,
      title: (data.title || '').trim() || DEFAULT_TITLE,
      colours: accentColours(data.accent),
      startOpen: open !== undefined && !/^(false|0|nee|no)$/i.test(open.trim()),
      sessionMinutes: minutes > 0 ? minutes : (SERVED.sessionMinutes || 120),
      version: SERVED.version || '',
      storageKey: 'spoorwijzer.chat.v1',
      replyTimeoutMs: 15000
    };
  }

  // ---- files from the widget's own site ---------------------------------------
  function asset(config, path) {
    return config.site + '/' + path + (config.version ? '?v=' + encodeURIComponent(config.version) : '');
  }

  function loaded(node) {
    return new Promise(function (resolve, reject) {
      node.addEventListener('load', resolve);
      node.addEventListener('error', reject);
    });
  }

  // Always this site's own copy (it speaks the server's protocol); the socket.io client
  // sets window.io, and a page with a socket.io of its own gets that back.
  function loadSocketClient(config) {
    var previous = window.io;
    var tag = document.createElement('script');
    tag.src = asset(config, 'vendor/socket.io/socket.io.min.js');
    tag.async = true;
    var done = loaded(tag).then(function () {
      var client = window.io;
      if (previous !== undefined) { window.io = previous; }
      if (typeof client !== 'function') { throw new Error('socket.io client missing'); }
      return client;
    });
    document.head.appendChild(tag);
    return done;
  }

  function domReady() {
    return new Promise(function (resolve) {
      if (document.readyState !== 'loading') { resolve(); return; }
      document.addEventListener('DOMContentLoaded', function () { resolve(); });
    });
  }

  // The widget's element and shadow root; resolves once its styles are in (or failed),
  // so nothing is shown or focused unstyled.
  function mount(config) {
    var host = document.createElement('spoorwijzer-chat');
    host.style.display = 'none';  // until its styles are in
    var shadow = host.attachShadow({ mode: 'open' });
    var styles = document.createElement('link');
    styles.rel = 'stylesheet';
    styles.href = asset(config, 'static/widget.css');
    var ready = loaded(styles).catch(function () {
      warn('de opmaak (' + styles.href + ') kon niet laden; staat dit adres in style-src van de Content-Security-Policy?');
    }).then(function () {
      host.style.removeProperty('display');
      return shadow;
    });
    shadow.appendChild(styles);
    document.body.appendChild(host);
    return ready;
  }

  // ---- the widget ------------------------------------------------------------
  // Draws the chat into `root` (a shadow root) and returns its controls. `socketClient`
  // resolves to the socket.io client (io).
  function createWidget(root, config, socketClient) {
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
      var fresh = freshState();
      fresh.open = config.startOpen;  // data-open: for a new visitor; a stored choice wins
      return fresh;
    }

    function saveState() {
      state.updated = Date.now();
      try {
        window.localStorage.setItem(config.storageKey, JSON.stringify(state));
      } catch (e) { /* private mode or full: the chat still works, without memory */ }
    }

    // ---- DOM --------------------------------------------------------------------
    function el(tag, attrs, children) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (key) {
        if (key === 'text') { node.textContent = attrs[key]; }
        else { node.setAttribute(key, attrs[key]); }
      });
      (children || []).forEach(function (child) { node.appendChild(child); });
      return node;
    }

    // Ids are the shadow root's own: they cannot clash with the page's.
    var launcher = el('button', {
      type: 'button', 'class': 'sw-launcher', 'aria-expanded': 'false',
      'aria-controls': 'sw-panel', text: 'Chat met ' + config.title
    });
    var log = el('div', {
      'class': 'sw-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Gesprek', tabindex: '0'
    });
    var status = el('p', { 'class': 'sw-status', role: 'status' });
    // Connection trouble: an alert, shown apart from the quiet status line.
    var problem = el('p', { 'class': 'sw-problem', role: 'alert' });
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
        el('h2', { id: 'sw-title', text: config.title }),
        el('p', { 'class': 'sw-subtitle', text: 'Vragen over re-integratie, spoor 1 en spoor 2' }),
        resetButton, closeButton
      ]),
      log, problem, status, form
    ]);
    var widget = el('div', { 'class': 'sw-widget', 'data-spoorwijzer': '' }, [panel, launcher]);
    if (config.colours) {  // on an element of the shadow root, where the page cannot reach
      widget.style.setProperty('--sw-accent', config.colours.accent);
      widget.style.setProperty('--sw-accent-dark', config.colours.dark);
      widget.style.setProperty('--sw-accent-soft', config.colours.soft);
    }

    // ---- text formatting (text nodes only) ----------------------------------------
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

    // ---- rendering ----------------------------------------------------------------
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
          text: message.from === 'user' ? 'Jij: ' : config.title + ': ' }));
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

    // Changed only when the text changes, so a screen reader hears each problem once.
    function setProblem(text) {
      if (problem.textContent !== (text || '')) { problem.textContent = text || ''; }
    }

    // ---- socket -------------------------------------------------------------------
    var socket = null;
    var confirmed = false;
    var queue = [];
    var replyTimer = null;
    var failedConnects = 0;

    function connect() {
      if (socket) { return; }
      var pending = socket = {};  // connecting: the client may still be loading
      socketClient.then(function (io) {
        if (socket === pending) { openSocket(io); }  // else "Nieuw gesprek" came first
      }, function () {
        socket = null;
        setProblem('De chat kan niet laden. Probeer de pagina later opnieuw.');
      });
    }

    function openSocket(io) {
      // Websocket only: the Rasa server checks the page's origin at the handshake
      // (CORS_ORIGINS), and no long-polling requests need CORS headers.
      socket = io(config.server, { transports: ['websocket'], reconnectionDelayMax: 10000 });
      socket.on('connect', function () {
        confirmed = false;
        failedConnects = 0;
        setProblem('');
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
      // A server that is down and one that refuses this site's origin look the same
      // from here: both are retried, and after a few tries the visitor is told plainly.
      socket.on('connect_error', function () {
        failedConnects += 1;
        setStatus('');
        setProblem(failedConnects < MAX_FAILED_CONNECTS
          ? 'Geen verbinding met de chat. We proberen het opnieuw; wat je typt, sturen we zodra het lukt.'
          : 'De chat is nu niet bereikbaar. Probeer het later opnieuw, of neem contact op met je re-integratiebureau.');
      });
      socket.on('disconnect', function (reason) {
        if (reason === 'io client disconnect') { return; }  // "Nieuw gesprek"
        confirmed = false;
        setProblem('Verbinding verbroken. We proberen het opnieuw…');
      });
    }

    function emitMessage(text) {
      socket.emit('user_uttered', { message: text, session_id: state.sessionId });
      clearTimeout(replyTimer);
      setStatus(config.title + ' denkt na…');
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

    // ---- opening, closing, deep links -----------------------------------------------
    function open(focusInput) {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      widget.classList.add('sw-open');
      state.open = true;
      saveState();
      connect();
      render();
      if (focusInput !== false) { input.focus(); }
      if (problem.textContent) {  // said while the chat was closed: say it again now
        var text = problem.textContent;
        problem.textContent = '';
        setTimeout(function () { setProblem(text); }, 100);
      }
    }

    function close() {
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      widget.classList.remove('sw-open');
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
      if (socket && socket.disconnect) { socket.disconnect(); }
      socket = null; confirmed = false; queue = [];
      setProblem('');
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

    root.appendChild(widget);
    return { open: open, close: close, ask: askAnswer, send: send, greetIfNew: greetIfNew,
             start: function () {
               if (state.open) {
                 open(false);  // no focus taken from the page on load
                 greetIfNew();
               } else {
                 render();
                 if (state.sessionId) { connect(); }  // replies to a pending question still arrive
               }
             } };
  }

  // ---- the page around the widget ------------------------------------------------
  // Links and buttons of the page: data-ask-in-chat="faq/<id>" asks for that answer,
  // data-open-chat opens the chat.
  function connectPage(chat) {
    document.addEventListener('click', function (event) {
      var target = event.target.closest && event.target.closest('[data-ask-in-chat],[data-open-chat]');
      if (!target) { return; }
      event.preventDefault();
      if (target.hasAttribute('data-ask-in-chat')) {
        chat.ask(target.getAttribute('data-ask-in-chat'), target.getAttribute('data-titel'));
      } else {
        chat.open(); chat.greetIfNew();
      }
    });
    // "?chat=1" on a FAQ page: open the chat with this page's answer, once.
    var params = new URLSearchParams(window.location.search);
    var main = document.querySelector('main[data-antwoord]');
    if (params.get('chat') && main) {
      params.delete('chat');
      var query = params.toString();
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
      chat.ask(main.getAttribute('data-antwoord'), main.getAttribute('data-titel'));
    } else {
      chat.start();
    }
  }

  var config = readConfig(script);
  var socketClient = loadSocketClient(config);
  socketClient.catch(function () {
    warn('de socket.io-client kon niet laden; staat ' + config.site + ' in script-src van de Content-Security-Policy?');
  });
  var chat = domReady().then(function () { return mount(config); }).then(function (root) {
    var widget = createWidget(root, config, socketClient);
    connectPage(widget);
    return widget;
  });

  // For the page's own scripts; calls made before the widget is ready wait for it.
  function later(name) {
    return function () {
      var args = arguments;
      chat.then(function (widget) { widget[name].apply(null, args); });
    };
  }
  window.Spoorwijzer = { open: later('open'), close: later('close'), ask: later('ask'), send: later('send') };
}());
