// The browser device (issue 23 item 7): a CIC client in the page, using the endpoints every device
// uses. Its access token comes from the console session (POST /console/talk/token, CSRF-protected);
// events go to /v1/events as multipart bodies, the downchannel is GET /v1/directives read as a stream,
// spoken requests stream 16 kHz 16-bit mono PCM (talk-worklet.js) as SpeechRecognizer.Recognize's audio.
// No library: the multipart reader below is the whole protocol stack.
"use strict";
(() => {
  const root = document.getElementById("talk");
  if (!root) {
    return;
  }
  const $ = (id) => document.getElementById(id);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const audio = $("speech");
  const MAX_CAPTURE_MS = 10000;
  const ATTACHMENT_WAIT_MS = 30000;
  /** What the page measured and did, for people and for tests and benches (read with executeScript). */
  const talk = window.cicTalk = { timings: [], answers: 0, pushed: [], reports: [] };

  // ---- ids, bytes ----------------------------------------------------------------------------

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function uuid() {
    if (crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function concat(a, b) {
    if (a.length === 0) {
      return b;
    }
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  function indexOf(haystack, needle, from) {
    const first = needle[0];
    outer: for (let i = from; i <= haystack.length - needle.length; i++) {
      if (haystack[i] !== first) {
        continue;
      }
      for (let j = 1; j < needle.length; j++) {
        if (haystack[i + j] !== needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ---- multipart, read as it arrives ---------------------------------------------------------

  /**
   * Reads a multipart body chunk by chunk and calls handler.start(headers), handler.data(bytes),
   * handler.end() per part, each as soon as its bytes are here (a part ends at the delimiter that
   * follows it, so a downchannel's directive is handled without waiting for the next one).
   */
  class MultipartReader {
    constructor(boundary, handler) {
      this.first = encoder.encode("--" + boundary);
      this.delimiter = encoder.encode("\r\n--" + boundary);
      this.handler = handler;
      this.buffer = new Uint8Array(0);
      this.state = "preamble";
    }

    push(chunk) {
      this.buffer = concat(this.buffer, chunk);
      for (;;) {
        const b = this.buffer;
        if (this.state === "preamble") {
          const at = indexOf(b, this.first, 0);
          if (at < 0) {
            return;
          }
          this.buffer = b.subarray(at + this.first.length);
          this.state = "delimited";
        } else if (this.state === "delimited") {
          if (b.length < 2) {
            return;
          }
          if (b[0] === 0x2d && b[1] === 0x2d) { // "--": the closing delimiter
            this.state = "ended";
            return;
          }
          let i = 0;
          while (i < b.length && (b[i] === 0x20 || b[i] === 0x09)) { // transport padding
            i++;
          }
          if (b.length < i + 2) {
            return;
          }
          if (b[i] !== 0x0d || b[i + 1] !== 0x0a) {
            throw new Error("malformed multipart body");
          }
          this.buffer = b.subarray(i + 2);
          this.state = "headers";
        } else if (this.state === "headers") {
          const at = indexOf(b, encoder.encode("\r\n\r\n"), 0);
          if (at < 0) {
            if (b.length > 16384) {
              throw new Error("part headers too long");
            }
            return;
          }
          const headers = {};
          for (const line of decoder.decode(b.subarray(0, at)).split("\r\n")) {
            const colon = line.indexOf(":");
            if (colon > 0) {
              headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
            }
          }
          this.buffer = b.subarray(at + 4);
          this.state = "body";
          this.handler.start(headers);
        } else if (this.state === "body") {
          const at = indexOf(b, this.delimiter, 0);
          if (at >= 0) {
            if (at > 0) {
              this.handler.data(b.slice(0, at));
            }
            this.buffer = b.subarray(at + this.delimiter.length);
            this.state = "delimited";
            this.handler.end();
          } else {
            // Keep what could be the start of the delimiter; the rest is body.
            const safe = b.length - (this.delimiter.length - 1);
            if (safe > 0) {
              this.handler.data(b.slice(0, safe));
              this.buffer = b.subarray(safe);
            }
            return;
          }
        } else {
          return; // ended: anything after the closing delimiter is epilogue
        }
      }
    }
  }

  talk.MultipartReader = MultipartReader; // for the browser test: parts whatever the chunking

  function boundaryOf(contentType) {
    const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType || "");
    return m ? (m[1] || m[2]) : null;
  }

  /**
   * Reads a CIC multipart response: JSON parts (directives, System.Exception) to onMessage(json),
   * attachments by Content-ID to the attachments store. Resolves when the body ends.
   */
  async function readMessages(response, onMessage, timing) {
    const boundary = boundaryOf(response.headers.get("content-type"));
    if (!boundary || !response.body) {
      return;
    }
    let part = null;
    const reader = new MultipartReader(boundary, {
      start(headers) {
        const cid = (headers["content-id"] || "").replace(/^<|>$/g, "");
        const json = (headers["content-type"] || "").toLowerCase().startsWith("application/json");
        part = { cid, json, chunks: [] };
        if (!json && cid) {
          attachments.begin(cid);
        }
      },
      data(bytes) {
        if (part.json) {
          part.chunks.push(bytes);
        } else if (part.cid) {
          if (timing && timing.firstAudio === undefined) {
            timing.firstAudio = performance.now() - timing.start;
            root.dataset.firstAudioMs = timing.firstAudio.toFixed(1);
          }
          attachments.data(part.cid, bytes);
        }
      },
      end() {
        if (part.json) {
          const text = decoder.decode(part.chunks.reduce(concat, new Uint8Array(0)));
          onMessage(JSON.parse(text));
        } else if (part.cid) {
          attachments.end(part.cid);
        }
        part = null;
      },
    });
    const body = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await body.read();
        if (done) {
          return;
        }
        reader.push(value);
      }
    } finally {
      if (part && !part.json && part.cid) {
        attachments.end(part.cid); // broken off mid-attachment: what came is all there is
      }
    }
  }

  // ---- attachments and speech ----------------------------------------------------------------

  /** Attachments by Content-ID: bytes as they come, and whoever waits for a whole one. */
  const attachments = {
    parts: new Map(),
    entry(cid) {
      let e = this.parts.get(cid);
      if (!e) {
        let resolve;
        const whole = new Promise((r) => { resolve = r; });
        e = { chunks: [], whole, resolve };
        this.parts.set(cid, e);
      }
      return e;
    },
    begin(cid) { this.entry(cid); },
    data(cid, bytes) { this.entry(cid).chunks.push(bytes); },
    end(cid) {
      const e = this.entry(cid);
      e.resolve(e.chunks);
    },
    /**
     * The whole attachment; forgotten once taken (each is played once). One that never comes (the
     * answer broke off) gives nothing after a while, so the speech after it is not held up for good.
     */
    async take(cid) {
      const chunks = await Promise.race([this.entry(cid).whole, sleep(ATTACHMENT_WAIT_MS).then(() => [])]);
      this.parts.delete(cid);
      return chunks;
    },
  };

  let speaking = Promise.resolve();
  let lastSpeech = null;
  let speechGeneration = 0;
  let stopPlaying = null;

  /** Barge-in: a new spoken request stops the speech playing and drops the speech still queued. */
  function stopSpeech() {
    speechGeneration++;
    if (stopPlaying) {
      stopPlaying();
    }
  }

  /** Plays Speak directives one after the other, each once its attachment is complete. */
  function speak(payload) {
    const url = payload.url || "";
    if (!url.startsWith("cid:")) {
      return;
    }
    const cid = url.slice(4);
    const token = payload.token || "";
    const generation = speechGeneration;
    speaking = speaking.then(async () => {
      const chunks = await attachments.take(cid);
      if (generation !== speechGeneration) {
        return; // the person spoke over it: dropped, as a speaker drops what it had still to say
      }
      if (chunks.length === 0) {
        return; // its audio never came
      }
      const type = (payload.format || "").toUpperCase().includes("MPEG") ? "audio/mpeg" : "audio/wav";
      const src = URL.createObjectURL(new Blob(chunks, { type }));
      try {
        await play(src, token);
      } finally {
        URL.revokeObjectURL(src);
      }
    }).catch((e) => problem("Could not play the answer: " + e.message));
  }

  function play(src, token) {
    return new Promise((resolve) => {
      const done = (activity) => {
        audio.onended = audio.onerror = audio.onplaying = null;
        stopPlaying = null;
        lastSpeech = { token, activity };
        if (activity === "FINISHED") {
          sendEvent("SpeechSynthesizer", "SpeechFinished", { token }).catch(() => {});
        }
        resolve();
      };
      stopPlaying = () => {
        audio.pause();
        sendEvent("SpeechSynthesizer", "SpeechStopped", { token }).catch(() => {});
        done("STOPPED");
      };
      audio.onloadedmetadata = () => {
        if (Number.isFinite(audio.duration)) {
          root.dataset.audioDuration = audio.duration.toFixed(3);
        }
      };
      audio.onplaying = () => {
        root.dataset.audioPlayed = "yes";
        lastSpeech = { token, activity: "PLAYING" };
        sendEvent("SpeechSynthesizer", "SpeechStarted", { token }).catch(() => {});
      };
      audio.onended = () => done("FINISHED");
      audio.onerror = () => done("STOPPED");
      audio.src = src;
      audio.play().catch(() => {
        // Autoplay refused before the person touched the page: the controls let them play it.
        note("Press play to hear the answer.");
        done("STOPPED");
      });
    });
  }

  // ---- token ---------------------------------------------------------------------------------

  let token = null; // { value, expiresAt (ms) }
  let tokenRequest = null;
  let refreshTimer = null;
  let unlinked = false;

  /** The current access token, fetched through the console session when there is none (or it ran out). */
  async function accessToken(force) {
    if (unlinked) {
      throw new Error("unlinked");
    }
    if (!force && token && token.expiresAt - Date.now() > 30000) {
      return token.value;
    }
    if (!tokenRequest) {
      tokenRequest = (async () => {
        const res = await fetch("/console/talk/token", {
          method: "POST",
          credentials: "same-origin",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "csrf=" + encodeURIComponent(root.dataset.csrf),
        });
        if (res.status === 401 || res.status === 403) {
          throw new Error("signed out: sign in again to use this device");
        }
        if (!res.ok) {
          throw new Error("no token (" + res.status + ")");
        }
        const body = await res.json();
        token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
        clearTimeout(refreshTimer);
        // Before it expires: a new one (the server gives the same one back while it is young).
        refreshTimer = setTimeout(() => accessToken(true).catch(() => {}),
          Math.max(10000, body.expires_in * 800));
        return token.value;
      })().finally(() => { tokenRequest = null; });
    }
    return tokenRequest;
  }

  /** A 401 for a token that had time left: the device was unlinked. Only the person brings it back. */
  function refused(usedToken) {
    if (token && token.value === usedToken && token.expiresAt - Date.now() > 30000) {
      unlinked = true;
      token = null;
      clearTimeout(refreshTimer);
      setConnection("unlinked", "unlinked");
      problem("This browser device was unlinked: its token no longer works.");
      $("reconnect").textContent = "Connect this browser again";
      $("reconnect").hidden = false;
      return false;
    }
    if (token && token.value === usedToken) {
      token = null; // expired: the next call fetches a new one
    }
    return true;
  }

  // ---- events --------------------------------------------------------------------------------

  function localTime() {
    const d = new Date();
    const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
    const off = -d.getTimezoneOffset();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:`
      + `${pad(d.getMinutes())}:${pad(d.getSeconds())}${off >= 0 ? "+" : "-"}${pad(off / 60)}:${pad(off % 60)}`;
  }

  /** The context objects a device reports with each event (ContextObjects/*.md). */
  function context() {
    const objects = [
      { header: { namespace: "Alerts", name: "AlertsState" }, payload: alerts.state() },
      { header: { namespace: "Device", name: "DeviceState" }, payload: { localTime: localTime() } },
      {
        header: { namespace: "Device", name: "Display" },
        payload: {
          size: "custom",
          orientation: window.innerWidth >= window.innerHeight ? "landscape" : "portrait",
          dpi: Math.round(96 * (window.devicePixelRatio || 1)),
          contentLayer: { width: Math.max(1, root.clientWidth), height: Math.max(1, window.innerHeight) },
        },
      },
      {
        header: { namespace: "Speaker", name: "VolumeState" },
        payload: { volume: Math.round(audio.volume * 10), muted: audio.muted },
      },
    ];
    if (lastSpeech) {
      objects.push({
        header: { namespace: "SpeechSynthesizer", name: "SpeechState" },
        payload: { token: lastSpeech.token, playerActivity: lastSpeech.activity },
      });
    }
    return objects;
  }

  function metadata(namespace, name, payload, dialogRequestId) {
    const header = { namespace, name, messageId: uuid() };
    if (dialogRequestId) {
      header.dialogRequestId = dialogRequestId;
    }
    return JSON.stringify({ context: context(), event: { header, payload } });
  }

  function partHead(boundary, first, name, type) {
    return encoder.encode(`${first ? "" : "\r\n"}--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n`
      + `Content-Type: ${type}\r\n\r\n`);
  }

  /**
   * POSTs an event to /v1/events and handles its answer. With audio (a ReadableStream of PCM), the
   * body streams (HTTP/2, duplex half) until the stream ends. Resolves with the HTTP status.
   */
  async function sendEvent(namespace, name, payload, options = {}) {
    const boundary = "cic-browser-" + uuid();
    const head = concat(partHead(boundary, true, "metadata", "application/json; charset=UTF-8"),
      encoder.encode(metadata(namespace, name, payload, options.dialogRequestId)));
    const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
    const used = await accessToken();
    const init = {
      method: "POST",
      headers: { authorization: "Bearer " + used, "content-type": "multipart/form-data; boundary=" + boundary },
      cache: "no-store",
    };
    if (options.audio) {
      const audioHead = partHead(boundary, false, "audio", "application/octet-stream");
      const pcm = options.audio.getReader();
      let started = false;
      init.body = new ReadableStream({
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue(concat(head, audioHead));
            return;
          }
          const { done, value } = await pcm.read();
          if (done) {
            controller.enqueue(tail);
            controller.close();
          } else {
            controller.enqueue(value);
          }
        },
        cancel() { pcm.cancel(); },
      });
      init.duplex = "half";
    } else {
      init.body = concat(head, tail);
    }
    const timing = options.timing;
    if (timing) {
      timing.start = performance.now();
    }
    const res = await fetch("/v1/events", init);
    if (res.status === 401 && refused(used) && !options.audio && !options.retried) {
      return sendEvent(namespace, name, payload, { ...options, retried: true }); // it had expired: once more
    }
    if (res.status === 200 || res.status >= 400) {
      await readMessages(res, (m) => handle(m, false), timing);
    }
    return res.status;
  }

  // ---- directives ----------------------------------------------------------------------------

  let expecting = null; // an ExpectSpeech to answer with the next request

  function handle(message, pushed) {
    // A directive part is {"directive": {header, payload}}; a System.Exception part is {header, payload}.
    const d = message.directive || message;
    if (!d.header) {
      return;
    }
    if (d.header.namespace === "System" && d.header.name === "Exception") {
      const p = d.payload || {};
      if (pushed && Number(p.code) === 401) {
        downchannelRefused = true; // the token ran out or was revoked: the loop decides which
      } else {
        problem(`The server refused: ${p.code || ""} ${p.description || ""}`.trim());
      }
      return;
    }
    const name = d.header.namespace + "." + d.header.name;
    const payload = d.payload || {};
    const list = $(pushed ? "pushed" : "directives");
    const item = document.createElement("li");
    item.dataset.name = name;
    item.textContent = name + (payload.ttsText ? `: ${payload.ttsText}` : payload.text ? `: ${payload.text}` : "");
    list.prepend(item);
    if (pushed) {
      talk.pushed.push({ name, payload });
    }
    switch (name) {
      case "SpeechSynthesizer.Speak":
        if (payload.ttsText) {
          $("answer").textContent = payload.ttsText;
        }
        speak(payload);
        break;
      case "Clova.RenderText":
        $("answer").textContent = payload.text || "";
        break;
      case "Clova.RenderTemplate":
        // (The seed reference's RenderMemoList and RenderReminderList come with it: listed, not drawn twice.)
        $("templates").prepend(renderTemplate(name, payload));
        break;
      case "SpeechRecognizer.ShowRecognizedText":
        $("heard").textContent = payload.text || "";
        $("heard").classList.add("partial");
        break;
      case "SpeechRecognizer.StopCapture":
        if (payload.recognizedText) {
          $("heard").textContent = payload.recognizedText;
        }
        $("heard").classList.remove("partial");
        capture.stop("StopCapture");
        break;
      case "SpeechRecognizer.ExpectSpeech":
        expecting = { dialogRequestId: d.header.dialogRequestId, speechId: payload.expectSpeechId,
          explicit: payload.explicit };
        note("The server asks a question: your next request answers it.");
        break;
      case "Alerts.SetAlert":
        alerts.set(payload);
        alerts.report("SetAlertSucceeded", payload);
        break;
      case "Alerts.DeleteAlert":
        alerts.remove(payload.token);
        alerts.report("DeleteAlertSucceeded", payload);
        break;
      case "Alerts.StopAlert":
        alerts.stop(payload.token);
        break;
      case "Alerts.SynchronizeAlert":
        for (const token of [...alerts.all.keys()]) {
          alerts.remove(token);
        }
        (payload.allAlerts || []).forEach((a) => alerts.set(a));
        break;
      case "Notifier.Notify":
        chime();
        break;
      default:
        break;
    }
  }

  // ---- content templates: small readable renderers -------------------------------------------

  const value = (v) => (v && typeof v === "object" && "value" in v ? (v.value ?? "") : (v ?? ""));

  function element(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  }

  function when(iso) {
    const t = Date.parse(iso);
    return Number.isNaN(t) ? String(iso || "") : new Date(t).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }

  function listCard(title, items, line) {
    const card = element("div", undefined, "template");
    card.append(element("h3", title));
    if (!items || items.length === 0) {
      card.append(element("p", "Nothing.", "note"));
      return card;
    }
    const ul = element("ul");
    for (const item of items) {
      ul.append(element("li", line(item)));
    }
    card.append(ul);
    return card;
  }

  function renderTemplate(name, p) {
    let card;
    const type = name === "Clova.RenderTemplate" ? p.type : name;
    switch (type) {
      case "AlarmList":
        card = listCard("Alarms", p.alarmList, (a) => when(value(a.scheduledTime))
          + (value(a.repeatPeriod) ? ` (every ${value(a.repeatPeriod)})` : ""));
        break;
      case "Alarm":
        card = listCard("Alarm", [p], (a) => when(value(a.scheduledTime)));
        break;
      case "TimerList":
        card = listCard("Timers", p.timerList, (t) => "until " + when(value(t.scheduledTime)));
        break;
      case "ScheduleList":
        card = listCard("Schedule", p.scheduleList, (s) => `${when(value(s.start))}: ${value(s.content)}`);
        break;
      case "Schedule":
        card = listCard("Schedule", [p], (s) => `${when(value(s.start))}: ${value(s.content)}`);
        break;
      case "Memo":
        card = listCard("Memo", [p], (m) => `${value(m.content)} · ${when(value(m.timestamp))}`);
        break;
      case "Reminder":
        card = listCard("Reminder", [p], (r) => `${value(r.label) || value(r.content)} · ${when(value(r.scheduledTime))}`);
        break;
      case "MemoList":
        card = listCard("Memos", p.memoList, (m) => value(m.content));
        break;
      case "Clova.RenderMemoList":
        card = listCard("Memos", p.memo, (m) => m.content);
        break;
      case "ReminderList":
        card = listCard("Reminders", p.reminderList, (r) => `${value(r.label) || value(r.content)} · ${when(value(r.scheduledTime))}`);
        break;
      case "Clova.RenderReminderList":
        card = listCard("Reminders", p.reminder, (r) => r.content + (r.done ? " (done)" : ""));
        break;
      case "TodayWeather":
      case "TomorrowWeather": {
        card = element("div", undefined, "template weather");
        card.append(element("h3", `${type === "TodayWeather" ? "Today" : "Tomorrow"} in ${value(p.location)}`));
        card.append(element("p", [value(p.nowWeather), value(p.nowTemperature) && `${value(p.nowTemperature)}°`,
          value(p.highTemperature) && `high ${value(p.highTemperature)}°`,
          value(p.lowTemperature) && `low ${value(p.lowTemperature)}°`,
          value(p.highTempWeather), value(p.concentrationOfFineDust) && `fine dust ${value(p.concentrationOfFineDust)}`]
          .filter(Boolean).join(" · ")));
        const hours = (p.hourlyWeatherList || []).slice(0, 8);
        if (hours.length) {
          const ul = element("ul", undefined, "hours");
          for (const h of hours) {
            const rain = value(h.rainfallProbability);
            ul.append(element("li", `${value(h.hourlyTime)}: ${value(h.hourlyTemperature)}°${rain !== "" ? `, rain ${rain}%` : ""}`));
          }
          card.append(ul);
        }
        break;
      }
      case "Text":
        card = element("div", undefined, "template");
        for (const f of ["highlightText", "mainText", "subText", "paragraphText"]) {
          if (value(p[f])) {
            card.append(element("p", value(p[f]), f));
          }
        }
        break;
      default:
        card = genericCard(type, p);
    }
    card.dataset.type = type || "";
    return card;
  }

  /** Any other template: its type and every shown value (objects with type and value) it holds. */
  function genericCard(type, p) {
    const card = element("div", undefined, "template");
    card.append(element("h3", type || "Template"));
    const dl = element("dl");
    const walk = (key, v, depth) => {
      if (depth > 3 || v === null || v === undefined) {
        return;
      }
      if (typeof v === "object" && "value" in v && "type" in v) {
        if (v.value !== null && v.value !== "" && !/(url|token)$/i.test(key)) {
          dl.append(element("dt", key), element("dd", String(v.value)));
        }
      } else if (Array.isArray(v)) {
        v.forEach((x, i) => walk(`${key} ${i + 1}`, x, depth + 1));
      } else if (typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          walk(k, x, depth + 1);
        }
      }
    };
    walk("", p, 0);
    card.append(dl);
    return card;
  }

  // ---- alerts kept on this device ------------------------------------------------------------

  /** Alerts the server set here (Alerts.SetAlert): reported in AlertsState, rung while the page is open. */
  const alerts = {
    all: new Map(),
    active: new Set(),
    state() {
      const info = (a) => ({ token: a.token, type: a.type, scheduledTime: a.scheduledTime });
      return {
        allAlerts: [...this.all.values()].map(info),
        activeAlerts: [...this.all.values()].filter((a) => this.active.has(a.token)).map(info),
      };
    },
    set(p) {
      this.remove(p.token);
      const at = Date.parse(p.scheduledTime);
      const alert = { token: p.token, type: p.type, scheduledTime: p.scheduledTime };
      if (!Number.isNaN(at) && at - Date.now() < 2147483647) {
        alert.timer = setTimeout(() => this.ring(alert), Math.max(0, at - Date.now()));
      }
      this.all.set(p.token, alert);
    },
    remove(token) {
      const a = this.all.get(token);
      if (a) {
        clearTimeout(a.timer);
        clearTimeout(a.ringing);
        this.all.delete(token);
        this.active.delete(token);
      }
    },
    ring(alert) {
      this.active.add(alert.token);
      const item = element("li", `${alert.type || "Alert"} ringing (${when(alert.scheduledTime)})`);
      item.dataset.name = "ringing";
      $("pushed").prepend(item);
      chime();
      this.report("AlertStarted", alert);
      alert.ringing = setTimeout(() => this.stop(alert.token), 10000);
    },
    /** Stops a ringing alert (after a while, or the server's StopAlert) and reports it. */
    stop(token) {
      const alert = this.all.get(token);
      if (!alert || !this.active.has(token)) {
        return;
      }
      clearTimeout(alert.ringing);
      this.active.delete(token);
      this.all.delete(token); // the server's answer sets its next ring, if it repeats
      this.report("AlertStopped", alert);
    },
    report(name, alert) {
      sendEvent("Alerts", name, { token: alert.token, type: alert.type })
        .then((status) => talk.reports.push({ name, status }), () => talk.reports.push({ name, status: 0 }));
    },
  };

  /** A short two-tone chime (Web Audio, nothing fetched). */
  function chime() {
    try {
      const ctx = new AudioContext();
      const gain = ctx.createGain();
      gain.gain.value = 0.15;
      gain.connect(ctx.destination);
      [660, 880].forEach((f, i) => {
        const o = ctx.createOscillator();
        o.frequency.value = f;
        o.connect(gain);
        o.start(ctx.currentTime + i * 0.25);
        o.stop(ctx.currentTime + i * 0.25 + 0.2);
      });
      setTimeout(() => ctx.close(), 1000);
    } catch (e) {
      // No audio output: the list still shows it.
    }
  }

  // ---- downchannel ---------------------------------------------------------------------------

  let downchannelRefused = false;

  function setConnection(state, text) {
    const c = $("connection");
    c.dataset.state = state;
    c.textContent = text;
  }

  // One downchannel per device: the server replaces an open one with the next. Tabs of this browser
  // (the same account's device) agree which one holds it: the newest, until another is chosen.
  const tabId = uuid();
  const tabs = window.BroadcastChannel ? new BroadcastChannel("cic-talk-" + root.dataset.device) : null;
  let elsewhere = false;
  let downchannelAbort = null;
  let downchannelRunning = false;

  function claimDevice() {
    elsewhere = false;
    if (tabs) {
      tabs.postMessage({ claim: tabId });
    }
  }

  if (tabs) {
    tabs.onmessage = (e) => {
      if (e.data && e.data.claim && e.data.claim !== tabId && !elsewhere) {
        elsewhere = true;
        if (downchannelAbort) {
          downchannelAbort.abort();
        }
        setConnection("elsewhere", "open in another tab: pushed directives arrive there");
        $("reconnect").textContent = "Use this tab";
        $("reconnect").hidden = false;
      }
    };
  }

  /** Keeps GET /v1/directives open; reconnects with backoff (1 s doubling to a minute, with jitter). */
  async function downchannel() {
    if (downchannelRunning) {
      return;
    }
    downchannelRunning = true;
    try {
      await keepDownchannel();
    } finally {
      downchannelRunning = false;
    }
  }

  async function keepDownchannel() {
    let delay = 1000;
    while (!unlinked && !elsewhere) {
      let opened = 0;
      try {
        const used = await accessToken();
        setConnection("connecting", "connecting…");
        downchannelRefused = false;
        downchannelAbort = new AbortController();
        const res = await fetch("/v1/directives", {
          headers: { authorization: "Bearer " + used }, cache: "no-store", signal: downchannelAbort.signal,
        });
        if (res.status === 200) {
          opened = Date.now();
          setConnection("online", "online: pushed directives arrive here");
          await readMessages(res, (m) => handle(m, true));
        } else {
          if (res.status === 429) {
            delay = Math.max(delay, 1000 * (Number(res.headers.get("retry-after")) || 5));
          }
          await readMessages(res, (m) => handle(m, true)).catch(() => {});
        }
        if ((res.status === 401 || downchannelRefused) && !refused(used)) {
          return;
        }
      } catch (e) {
        if (unlinked || elsewhere) {
          return;
        }
        if (/signed out/.test(e.message)) {
          setConnection("signed-out", "signed out");
          problem(e.message);
          return;
        }
      }
      if (elsewhere) {
        return;
      }
      if (opened && Date.now() - opened > 30000) {
        delay = 1000; // it had been fine for a while: this is one drop, not a storm
      }
      const wait = delay / 2 + Math.random() * delay / 2;
      setConnection("offline", `offline: reconnecting in ${Math.ceil(wait / 1000)} s`);
      await sleep(wait);
      delay = Math.min(delay * 2, 60000);
    }
  }

  // ---- asking by text ------------------------------------------------------------------------

  function problem(text) {
    const p = $("problem");
    p.textContent = text;
    p.hidden = !text;
  }

  function note(text) {
    const item = element("li", text, "note");
    $("directives").prepend(item);
  }

  /** A new request: the question's ids when it answers an ExpectSpeech, else fresh ones. */
  function dialog() {
    const e = expecting;
    expecting = null;
    return e ? { dialogRequestId: e.dialogRequestId, extra: { speechId: e.speechId, explicit: e.explicit } }
      : { dialogRequestId: uuid(), extra: {} };
  }

  async function ask(text) {
    problem("");
    $("templates").replaceChildren(); // a new answer's cards replace the last one's
    $("heard").textContent = text;
    $("heard").classList.remove("partial");
    $("answer").textContent = "…";
    const d = dialog();
    const timing = {};
    const status = await sendEvent("TextRecognizer", "Recognize", { text, ...d.extra },
      { dialogRequestId: d.dialogRequestId, timing });
    if (status === 204) {
      $("answer").textContent = "(no answer)";
    }
    talk.timings.push(timing.firstAudio);
    talk.answers++;
    root.dataset.answers = String(talk.answers);
    return { status, firstAudioMs: timing.firstAudio };
  }
  talk.ask = ask;

  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("ask-text");
    const text = input.value.trim();
    if (!text) {
      return;
    }
    input.value = "";
    ask(text).catch((err) => problem(err.message === "unlinked" ? "This browser device was unlinked." : err.message));
  });

  // ---- the microphone ------------------------------------------------------------------------

  /** One capture at a time: microphone -> worklet (16 kHz 16-bit mono) -> the Recognize body. */
  const capture = {
    running: null,
    async start() {
      if (this.running) {
        return;
      }
      problem("");
      stopSpeech();
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      const ctx = new AudioContext();
      await ctx.audioWorklet.addModule("/console/static/talk-worklet.js");
      const source = ctx.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(ctx, "cic-capture", { numberOfOutputs: 1, outputChannelCount: [1] });
      let controller;
      const pcm = new ReadableStream({ start(c) { controller = c; } });
      node.port.onmessage = (e) => {
        if (this.running && this.running.node === node) {
          talk.captured += e.data.byteLength;
          controller.enqueue(new Uint8Array(e.data));
        }
      };
      source.connect(node);
      node.connect(ctx.destination); // silent: keeps the graph pulling the worklet
      const running = { ctx, stream, node, controller };
      this.running = running;
      talk.captured = 0;
      running.limit = setTimeout(() => this.stop("limit"), MAX_CAPTURE_MS);
      $("mic").setAttribute("aria-pressed", "true");
      $("mic").textContent = "Stop";
      $("heard").textContent = "listening…";
      $("heard").classList.add("partial");
      $("answer").textContent = "";
      const d = dialog();
      const status = await sendEvent("SpeechRecognizer", "Recognize", {
        lang: "en", profile: "CLOSE_TALK", format: "AUDIO_L16_RATE_16000_CHANNELS_1",
        initiator: { type: "PRESS_AND_HOLD" }, ...d.extra,
      }, { dialogRequestId: d.dialogRequestId, audio: pcm, timing: {} }).finally(() => this.stop("answered"));
      talk.answers++;
      root.dataset.answers = String(talk.answers);
      return status;
    },
    /** Ends the upload (the server said StopCapture, the person pressed stop, or the limit passed). */
    stop(reason) {
      const r = this.running;
      if (!r) {
        return;
      }
      talk.stoppedBy = reason || "";
      this.running = null;
      clearTimeout(r.limit);
      r.stream.getTracks().forEach((t) => t.stop());
      r.node.disconnect();
      r.ctx.close();
      try {
        r.controller.close();
      } catch (e) {
        // already closed
      }
      $("mic").setAttribute("aria-pressed", "false");
      $("mic").textContent = "Speak";
    },
  };

  $("mic").addEventListener("click", () => {
    if (capture.running) {
      capture.stop("button");
      return;
    }
    if (!navigator.mediaDevices || !window.AudioWorkletNode) {
      problem("This browser gives no microphone here (it needs the https port).");
      return;
    }
    capture.start().catch((e) => {
      capture.stop();
      problem("Microphone: " + e.message);
    });
  });

  $("reconnect").addEventListener("click", () => {
    unlinked = false;
    claimDevice();
    $("reconnect").hidden = true;
    problem("");
    downchannel();
  });

  claimDevice();
  downchannel();
})();
