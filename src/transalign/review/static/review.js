/* transalign review page. Builds the view from the JSON in #review-data.
 * Every string of the data reaches the page through textContent or text nodes, never as
 * HTML; invisible and direction-changing characters are shown as visible "U+XXXX" marks.
 * Long documents are drawn in chunks: the first screen at once, the rest in the
 * background (window.__rendered: first chunk drawn; window.__complete: all drawn). */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("review-data").textContent);
  var V = D.view || {};
  var app = document.getElementById("app");
  var CHUNK = 200; // rows per chunk
  // C0/C1 controls (tab and line feed excepted), bidi marks, embeddings, overrides and
  // isolates, zero-width space and no-break, line/paragraph separators, BOM
  var CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\u2028\u2029\uFEFF]/g;
  var renderers = [];
  var started = false;

  // ---- small helpers ---------------------------------------------------------------
  function el(tag, cls, content) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content != null) text(node, content);
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function hex(ch) {
    var code = ch.charCodeAt(0).toString(16).toUpperCase();
    while (code.length < 4) code = "0" + code;
    return "U+" + code;
  }
  /* Append a string as text; control characters become visible marks. */
  function text(parent, value) {
    var s = value == null ? "" : String(value);
    var last = 0, m;
    CONTROL.lastIndex = 0;
    while ((m = CONTROL.exec(s)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(s.slice(last, m.index)));
      var mark = document.createElement("span");
      mark.className = "ctl";
      mark.textContent = hex(m[0]);
      mark.title = "invisible character " + hex(m[0]) + ", shown as text";
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
    if (last < s.length) parent.appendChild(document.createTextNode(s.slice(last)));
    return parent;
  }
  function isNum(x) { return typeof x === "number" && isFinite(x); }
  function fmt(x, digits) { return isNum(x) ? x.toFixed(digits == null ? 2 : digits) : "–"; }
  function plural(n, word, many) { return n + " " + (n === 1 ? word : (many || word + "s")); }
  function show(value) {
    if (value == null) return "–";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }
  function detailText(value) {
    if (Array.isArray(value)) return value.map(detailText).join(", ");
    if (value && typeof value === "object") {
      return Object.keys(value).map(function (k) { return k + ": " + detailText(value[k]); }).join("; ");
    }
    return show(value);
  }
  function option(select, value, label) {
    var o = add(select, el("option", null, label));
    o.value = value;
    return o;
  }
  function control(bar, labelText, node) {
    var label = add(bar, el("label", null, labelText));
    label.appendChild(node);
    return node;
  }
  /* [key, value] pairs of a nested object: "settings.translator.model" and the like. */
  function flatten(obj, prefix, out) {
    out = out || [];
    Object.keys(obj).forEach(function (k) {
      var key = prefix ? prefix + "." + k : k, v = obj[k];
      if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, key, out);
      else if (Array.isArray(v) && v.some(function (x) { return x && typeof x === "object"; })) {
        v.forEach(function (x, n) {
          if (x && typeof x === "object") flatten(x, key + "[" + n + "]", out);
          else out.push([key + "[" + n + "]", x]);
        });
      } else out.push([key, v]);
    });
    return out;
  }
  function pairs(parent, list) {
    var dl = add(parent, el("dl", "kv"));
    list.forEach(function (p) { add(dl, el("dt", null, p[0])); add(dl, el("dd", "mono", show(p[1]))); });
    return dl;
  }
  /* The manifest: the entries named in first (by their last key) at once, all of them
   * in a details element. */
  function settingsBlock(parent, obj, first, label) {
    if (!obj) return;
    var all = flatten(obj, "");
    var last = function (key) { return key.replace(/\[\d+\]/g, "").split(".").pop(); };
    var chosen = [];
    first.forEach(function (name) {
      all.forEach(function (p) { if (last(p[0]) === name && chosen.indexOf(p) < 0) chosen.push(p); });
    });
    var box = add(parent, el("div", "manifest"));
    box.id = "manifest";
    pairs(box, chosen);
    var more = add(box, el("details"));
    add(more, el("summary", null, label + " (" + plural(all.length, "entry", "entries") + ")"));
    pairs(more, all);
  }
  function header(subtitle) {
    var top = add(app, el("header", "top"));
    add(top, el("h1", null, D.title));
    if (subtitle) add(top, el("p", "sub", subtitle));
    return top;
  }
  function table(parent, cls, heads) {
    var t = add(parent, el("table", "grid" + (cls ? " " + cls : "")));
    var tr = add(add(t, el("thead")), el("tr"));
    heads.forEach(function (h) {
      var th = add(tr, el("th", Array.isArray(h) ? h[1] : null, Array.isArray(h) ? h[0] : h));
      th.scope = "col";
    });
    return add(t, el("tbody"));
  }
  function td(tr, cls, content) { return add(tr, el("td", cls, content)); }
  /* A table cell of text; an empty string shows as "(empty)". */
  function textTd(tr, cls, value) {
    var cell = add(tr, el("td", cls));
    if (value == null) text(cell, "–");
    else if (String(value) === "") add(cell, el("span", "missing", "(empty)"));
    else text(cell, value);
    return cell;
  }

  // ---- drawing in chunks ------------------------------------------------------------
  /* Draw units 0..count-1 into container, the first chunk now, the rest in the
   * background; size(i) is the number of rows unit i adds. */
  function Progressive(container, count, draw, size) {
    var self = this, next = 0, timer = null;
    self.nodes = new Array(count);
    self.done = count === 0;
    self.cancelled = false;
    self.until = function (end) {
      end = Math.min(end, count);
      while (next < end) {
        var node = draw(next);
        if (node) container.appendChild(node);
        self.nodes[next] = node;
        next += 1;
      }
      if (next >= count && !self.done) { self.done = true; settle(); }
    };
    self.step = function () {
      var rows = 0, end = next;
      while (end < count && rows < CHUNK) { rows += size ? size(end) : 1; end += 1; }
      self.until(end);
    };
    self.schedule = function () {
      if (timer !== null || self.done || self.cancelled) return;
      timer = setTimeout(function () { timer = null; if (!self.cancelled) { self.step(); self.schedule(); } }, 0);
    };
    self.all = function () { self.until(count); };
    self.cancel = function () { self.cancelled = true; if (timer !== null) clearTimeout(timer); timer = null; };
    renderers.push(self);
    self.step();
    self.schedule();
  }
  function settle() {
    if (!started) return;
    renderers = renderers.filter(function (r) { return !r.cancelled; });
    if (renderers.every(function (r) { return r.done; })) {
      window.__complete = performance.now();
      document.body.setAttribute("data-complete", "true");
    }
  }
  function finishAll() {
    renderers.forEach(function (r) { if (!r.cancelled) r.all(); });
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  }
  window.addEventListener("beforeprint", finishAll);

  /* Hovering or focusing a sentence highlights it and its partner(s) in the same row. */
  function pairing(container) {
    var lit = [];
    function clear() {
      lit.forEach(function (n) { n.classList.remove("hl", "partner"); });
      lit = [];
    }
    function light(event) {
      var target = event.target;
      var cell = target && target.closest ? target.closest(".sent") : null;
      if (!cell || !container.contains(cell)) return;
      var row = cell.closest(".row");
      if (!row || cell.classList.contains("hl")) return;
      clear();
      cell.classList.add("hl");
      lit.push(cell);
      Array.prototype.forEach.call(row.querySelectorAll(".sent"), function (other) {
        if (other !== cell) { other.classList.add("partner"); lit.push(other); }
      });
    }
    container.addEventListener("mouseover", light);
    container.addEventListener("focusin", light);
    container.addEventListener("mouseleave", clear);
    container.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !container.contains(event.relatedTarget)) clear();
    });
  }

  function sentence(cls, lang, value, ids, missing) {
    var cell = el("div", "sent " + cls);
    cell.tabIndex = 0;
    cell.lang = lang;
    if (ids) add(cell, el("span", "ids", "[" + ids.join(", ") + "]"));
    if (missing) add(cell, el("span", "missing", missing));
    else add(cell, el("span", "text", value));
    return cell;
  }

  // ---- translation ------------------------------------------------------------------
  function flagName(flag) {
    if (flag && typeof flag === "object") return String(flag.flag || flag.name || flag.code || "flag");
    return String(flag);
  }
  function flagDetail(flag) {
    if (!flag || typeof flag !== "object") return null;
    var rest = {};
    Object.keys(flag).forEach(function (k) { if (["flag", "name", "code"].indexOf(k) < 0) rest[k] = flag[k]; });
    return Object.keys(rest).length ? detailText(rest) : null;
  }

  function translationView() {
    var recs = D.records, conf = V.confidence, info = V.flag_info || {};
    var docs = {};
    recs.forEach(function (r) { docs[r.doc_id] = true; });
    var nDocs = Object.keys(docs).length;
    header("German and English side by side, paragraph by paragraph: " +
           plural(recs.length, "sentence") + (nDocs > 1 ? " in " + plural(nDocs, "document") : "") +
           ", " + plural(V.flagged, "flagged sentence") + ".");
    var top = app.lastChild;
    settingsBlock(top, D.manifest, ["command", "model", "revision", "backend", "dtype", "device", "beams",
                                    "input", "path", "input_sha256", "documents_sha256", "segmenter"], "the whole manifest");

    function value(r) { return conf ? r[conf.field] : null; }
    function share(v) {
      if (conf.scale === "probability") return v;
      if (conf.scale === "logprob") return Math.exp(v);
      return conf.max > conf.min ? (v - conf.min) / (conf.max - conf.min) : 1;
    }
    function low(r) {
      var flags = (r.flags || []).map(flagName);
      return flags.indexOf("low_confidence") >= 0 || (conf != null && isNum(value(r)) && value(r) <= conf.low_below);
    }
    function flagged(r) { return (r.flags || []).length > 0; }

    // legend: confidence scale and the flags present
    var legend = add(app, el("section", "legend"));
    if (conf) {
      var item = add(legend, el("span", "item"));
      item.id = "confidence-legend";
      var logprob = conf.scale === "logprob", range = conf.scale === "range";
      add(item, el("span", null, logprob
        ? "confidence: " + conf.field + " = mean log-probability per token, coloured by exp(" + conf.field + "):"
        : "confidence (" + conf.field + "):"));
      add(item, el("span", null, range ? fmt(conf.min) : "0"));
      add(item, el("span", "scale"));
      add(item, el("span", null, range ? fmt(conf.max) : "1"));
      add(legend, el("span", "item", "low confidence: ≤ " + fmt(conf.low_below) + ", " + conf.rule +
                     ": " + plural(conf.low, "sentence")));
    } else {
      add(legend, el("span", "item note", "no confidence in these records"));
    }
    var counts = V.flag_counts || {};
    var names = Object.keys(counts);
    if (names.length) {
      var list = add(app, el("ul", "flag-legend"));
      names.forEach(function (n) {
        var li = add(list, el("li"));
        add(li, el("span", "badge flag", n));
        text(li, " " + plural(counts[n], "sentence") + (info[n] ? ": " + info[n] : ""));
      });
    }

    // controls
    var bar = add(app, el("div", "controls"));
    var filter = control(bar, "Show ", el("select"));
    filter.id = "filter";
    option(filter, "all", "all sentences (" + recs.length + ")");
    option(filter, "flagged", "only flagged (" + V.flagged + ")");
    var nLow = recs.filter(low).length;
    var lowOption = option(filter, "low", "only low confidence (" + nLow + ")");
    var eitherOption = option(filter, "either", "flagged or low confidence (" + recs.filter(function (r) { return flagged(r) || low(r); }).length + ")");
    if (!conf && nLow === 0) { lowOption.disabled = true; eitherOption.disabled = true; }
    names.forEach(function (n) { option(filter, "flag:" + n, "only " + n + " (" + counts[n] + ")"); });
    var status = add(bar, el("span", "status"));
    status.id = "status";
    status.setAttribute("aria-live", "polite");

    function predicate() {
      var f = filter.value;
      if (f === "flagged") return flagged;
      if (f === "low") return low;
      if (f === "either") return function (r) { return flagged(r) || low(r); };
      if (f.indexOf("flag:") === 0) {
        var want = f.slice(5);
        return function (r) { return (r.flags || []).map(flagName).indexOf(want) >= 0; };
      }
      return function () { return true; };
    }
    var keep = predicate();

    // paragraphs: runs of records with the same doc_id and para
    var blocks = [];
    recs.forEach(function (r, i) {
      var last = blocks[blocks.length - 1];
      if (last && last.doc === r.doc_id && last.para === r.para) last.rows.push(i);
      else blocks.push({ doc: r.doc_id, para: r.para, rows: [i], newDoc: !last || last.doc !== r.doc_id });
    });

    var rows = add(app, el("div", "rows translation"));
    rows.id = "rows";
    var head = add(rows, el("div", "row colhead"));
    ["", "German (source)", "English (translation)", "flags"].forEach(function (h) { add(head, el("div", null, h)); });

    function drawRow(i) {
      var r = recs[i];
      var row = el("div", "row");
      row.setAttribute("data-i", i);
      if (flagged(r)) row.classList.add("flagged");
      if (low(r)) row.classList.add("low");
      var meta = add(row, el("div", "meta"));
      add(meta, el("span", "num", r.sent != null ? "s" + show(r.sent) : (r.line != null ? "line " + show(r.line) : "#" + i)));
      var v = value(r);
      if (conf && isNum(v)) {
        var swatch = add(meta, el("span", "conf", fmt(v)));
        swatch.style.setProperty("--h", String(Math.round(120 * Math.max(0, Math.min(1, share(v))))));
        swatch.title = conf.field + " " + v;
      }
      if (low(r)) add(meta, el("span", "tag low", "low"));
      add(row, sentence("src", "de", r.src));
      add(row, sentence("tgt", "en", r.tgt));
      var cell = add(row, el("div", "flags"));
      var checks = r.checks && typeof r.checks === "object" ? r.checks : null;
      var used = {};
      (r.flags || []).forEach(function (flag) {
        var name = flagName(flag);
        var badge = add(cell, el("span", "badge flag", name));
        badge.title = info[name] || name;
        var detail = flagDetail(flag);
        if (checks && !Array.isArray(checks) && name in checks) { detail = (detail ? detail + "; " : "") + detailText(checks[name]); used[name] = true; }
        if (detail) add(cell, el("div", "detail", name + ": " + detail));
      });
      if (checks) {
        var rest = Array.isArray(checks) ? checks : Object.keys(checks).filter(function (k) { return !used[k]; }).map(function (k) { var o = {}; o[k] = checks[k]; return o; });
        if (rest.length) add(cell, el("div", "detail", "checks: " + detailText(rest)));
      }
      row.hidden = !keep(r);
      return row;
    }
    function drawBlock(b) {
      var block = blocks[b];
      var frag = document.createDocumentFragment();
      if (block.newDoc && nDocs > 1) add(frag, el("h2", "doc-head", block.doc));
      var section = add(frag, el("section", "para"));
      section.setAttribute("data-para", show(block.para));
      if (block.para != null) add(section, el("div", "para-head", "¶ " + show(block.para)));
      block.rows.forEach(function (i) { add(section, drawRow(i)); });
      block.section = section;
      section.hidden = !block.rows.some(function (i) { return keep(recs[i]); });
      return frag;
    }
    var drawn = new Progressive(rows, blocks.length, drawBlock, function (b) { return blocks[b].rows.length; });
    pairing(rows);

    function apply() {
      keep = predicate();
      var shown = recs.filter(keep).length;
      blocks.forEach(function (block, b) {
        if (!drawn.nodes[b]) return;
        var any = false;
        Array.prototype.forEach.call(block.section.querySelectorAll(".row"), function (row) {
          var visible = keep(recs[+row.getAttribute("data-i")]);
          row.hidden = !visible;
          any = any || visible;
        });
        block.section.hidden = !any;
      });
      status.textContent = "showing " + shown + " of " + plural(recs.length, "sentence");
    }
    filter.addEventListener("change", apply);
    apply();
  }

  // ---- alignment --------------------------------------------------------------------
  function alignmentView() {
    var beads = D.records, weak = (V.weak && V.weak.beads) || [], paras = V.paragraphs;
    var types = V.types || {};
    var typeText = Object.keys(types).map(function (t) { return t + ": " + types[t]; }).join(", ");
    header(plural(beads.length, "bead") + " (" + typeText + "); " + plural(V.omissions, "omission") +
           ", " + plural(V.merges, "merge") + ", " + plural(weak.length, "weak bead") + ".");
    var top = app.lastChild;
    settingsBlock(top, D.manifest, ["command", "src", "tgt", "path", "bridge", "paragraphs", "presegmented", "band", "model", "revision"],
                  "the whole manifest");
    var legend = add(app, el("section", "legend"));
    add(legend, el("span", "item", "weak: " + V.weak.rule));
    var i1 = add(legend, el("span", "item"));
    add(i1, el("span", "tag omission", "omission"));
    text(i1, " a sentence with no partner (0-1, 1-0)");
    var i2 = add(legend, el("span", "item"));
    add(i2, el("span", "tag merge", "merge"));
    text(i2, " several sentences on a side (2-1, 1-2, …)");
    add(legend, el("span", "item note", V.paragraph_note || ""));

    var bar = add(app, el("div", "controls"));
    var prev = add(bar, el("button", null, "◀ previous weak bead"));
    prev.id = "prev-weak";
    prev.type = "button";
    var next = add(bar, el("button", null, "next weak bead ▶"));
    next.id = "next-weak";
    next.type = "button";
    prev.disabled = next.disabled = weak.length === 0;
    var filter = control(bar, "Show ", el("select"));
    filter.id = "filter";
    option(filter, "all", "all beads (" + beads.length + ")");
    option(filter, "weak", "only weak (" + weak.length + ")");
    option(filter, "omission", "only omissions (" + V.omissions + ")");
    option(filter, "merge", "only merges (" + V.merges + ")");
    var status = add(bar, el("span", "status", "keys: n / p jump to the next / previous weak bead"));
    status.id = "status";
    status.setAttribute("aria-live", "polite");

    var isWeak = {};
    weak.forEach(function (i) { isWeak[i] = true; });
    function kind(b) { return b.src_ids.length === 0 || b.tgt_ids.length === 0 ? "omission" : (b.src_ids.length > 1 || b.tgt_ids.length > 1 ? "merge" : "plain"); }
    function predicate() {
      var f = filter.value;
      if (f === "weak") return function (b, i) { return !!isWeak[i]; };
      if (f === "omission" || f === "merge") return function (b) { return kind(b) === f; };
      return function () { return true; };
    }
    var keep = predicate();

    // where a paragraph starts, on either side
    var breaks = new Array(beads.length);
    var seen = {};
    beads.forEach(function (b, i) {
      var doc = String(b.doc_id), p = paras && paras[doc], state = seen[doc];
      var mark = { doc: !state, src: null, tgt: null };
      if (!state) state = seen[doc] = { src: null, tgt: null };
      if (p) {
        ["src", "tgt"].forEach(function (side) {
          var ids = b[side + "_ids"];
          if (!ids.length) return;
          var first = p[side][ids[0]], last = p[side][ids[ids.length - 1]];
          if (state[side] !== null && first !== state[side]) mark[side] = first;
          state[side] = last;
        });
      }
      breaks[i] = mark;
    });
    var nDocs = Object.keys(seen).length;

    var rows = add(app, el("div", "rows alignment"));
    rows.id = "rows";
    var head = add(rows, el("div", "row colhead"));
    ["bead", "source", "target"].forEach(function (h) { add(head, el("div", null, h)); });
    var rowNodes = new Array(beads.length);

    function drawBead(i) {
      var b = beads[i], k = kind(b), br = breaks[i];
      var frag = document.createDocumentFragment();
      if (br.doc && nDocs > 1) add(frag, el("h2", "doc-head", show(b.doc_id)));
      if (br.src !== null || br.tgt !== null) {
        var pb = add(frag, el("div", "pbreak", "¶ new paragraph: source " + (br.src !== null ? "¶ " + br.src : "(same)") +
                                           ", target " + (br.tgt !== null ? "¶ " + br.tgt : "(same)")));
        pb.setAttribute("data-before", i);
      }
      var row = add(frag, el("div", "row bead"));
      row.id = "bead-" + i;
      row.tabIndex = -1;
      row.setAttribute("data-i", i);
      if (isWeak[i]) row.classList.add("weak");
      if (k !== "plain") row.classList.add(k);
      var meta = add(row, el("div", "meta"));
      add(meta, el("span", "num", "#" + i));
      add(meta, el("span", "tag type" + (k !== "plain" ? " " + k : ""), show(b.type || (b.src_ids.length + "-" + b.tgt_ids.length))));
      add(meta, el("span", "score", "score " + fmt(b.score)));
      if (isNum(b.confidence)) {
        var c = add(meta, el("span", "conf", "conf " + fmt(b.confidence)));
        c.style.setProperty("--h", String(Math.round(120 * Math.max(0, Math.min(1, b.confidence)))));
      }
      if (k === "omission") add(meta, el("span", "tag omission", "omission"));
      if (k === "merge") add(meta, el("span", "tag merge", "merge"));
      if (isWeak[i]) add(meta, el("span", "tag weak", "weak"));
      add(row, sentence("src", "de", b.src, b.src_ids, b.src_ids.length ? null : "no source sentence"));
      add(row, sentence("tgt", "en", b.tgt, b.tgt_ids, b.tgt_ids.length ? null : "no target sentence"));
      row.hidden = !keep(b, i);
      rowNodes[i] = row;
      return frag;
    }
    var drawn = new Progressive(rows, beads.length, drawBead);
    pairing(rows);

    function apply() {
      keep = predicate();
      rowNodes.forEach(function (row, i) { if (row) row.hidden = !keep(beads[i], i); });
      Array.prototype.forEach.call(rows.querySelectorAll(".pbreak"), function (pb) { pb.hidden = filter.value !== "all"; });
    }
    filter.addEventListener("change", apply);

    var at = -1;
    function jump(step) {
      if (!weak.length) return;
      at = (at + step + weak.length) % weak.length;
      var i = weak[at];
      drawn.until(i + 1);
      var row = rowNodes[i];
      if (row.hidden) { filter.value = "all"; apply(); }
      Array.prototype.forEach.call(rows.querySelectorAll(".bead.current"), function (r) { r.classList.remove("current"); });
      row.classList.add("current");
      row.scrollIntoView({ block: "center" });
      row.focus({ preventScroll: true });
      status.textContent = "weak bead " + (at + 1) + " of " + weak.length + ": #" + i;
    }
    next.addEventListener("click", function () { jump(1); });
    prev.addEventListener("click", function () { jump(-1); });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var tag = event.target && event.target.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
      if (event.key === "n") jump(1);
      else if (event.key === "p") jump(-1);
    });
  }

  // ---- evaluation -------------------------------------------------------------------
  /* Words only in a (marked in a) and only in b (marked in b), by longest common subsequence. */
  function diff(a, b) {
    var n = a.length, m = b.length;
    if (n * m > 400000) return null;
    var w = m + 1, dp = new Uint32Array((n + 1) * w);
    for (var i = n - 1; i >= 0; i--) {
      for (var j = m - 1; j >= 0; j--) {
        dp[i * w + j] = a[i] === b[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
      }
    }
    var inA = new Array(n).fill(false), inB = new Array(m).fill(false);
    i = 0; j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { inA[i] = true; inB[j] = true; i++; j++; }
      else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
      else j++;
    }
    return [inA, inB];
  }
  function words(s) { return String(s == null ? "" : s).split(/\s+/).filter(function (x) { return x.length; }); }
  function marked(cell, list, common, cls) {
    list.forEach(function (word, k) {
      if (k) cell.appendChild(document.createTextNode(" "));
      if (common && !common[k]) add(cell, el("span", cls, word));
      else text(cell, word);
    });
  }

  function evaluationView() {
    var R = D.report, rows = D.records, metrics = V.metrics || [], systems = V.systems || [];
    var higher = V.higher || {};
    var mode = R ? R.mode : (V.documents ? "documents" : "lines");
    header((mode === "documents" ? "Document mode" : "Line-parallel") + " evaluation of " +
           plural(systems.length, "system") + (rows.length ? ", " + plural(rows.length, "scored segment") : "") + ".");
    var top = app.lastChild;
    if (R) {
      pairs(top, flatten({ tool: R.tool, mode: R.mode, settings: R.settings }, "")).id = "manifest";
      inputsTable(top, R.inputs || {});
      metricTable(R);
      if (mode === "documents") pairingSummary(R);
    } else {
      add(top, el("p", "note", "No report: give the evaluate --format json report as well for the corpus scores, signatures and significance."));
    }
    if (!rows.length) {
      add(app, el("p", "note", "No per-sentence scores: run evaluate with --per-sentence FILE and give that file as well."));
      return;
    }
    var bar = add(app, el("div", "controls"));
    var metricSel = control(bar, "Metric ", el("select"));
    metricSel.id = "metric";
    metrics.forEach(function (m) { option(metricSel, m, m + (higher[m] ? " (higher is better)" : " (lower is better)")); });
    var otherSel = null;
    if (systems.length > 2) {
      otherSel = control(bar, "Compare " + systems[0] + " with ", el("select"));
      otherSel.id = "other";
      systems.slice(1).forEach(function (s) { option(otherSel, s, s); });
    }
    var sortSel = null;
    if (systems.length > 1) {
      sortSel = control(bar, "Order ", el("select"));
      sortSel.id = "order";
      option(sortSel, "doc", "document order");
      option(sortSel, "worse", "largest loss first");
      option(sortSel, "better", "largest gain first");
    }
    var sysSel = control(bar, "Per-sentence scores of ", el("select"));
    sysSel.id = "system";
    systems.forEach(function (s) { option(sysSel, s, s); });

    var bucketSec = add(app, el("section"));
    bucketSec.id = "buckets";
    var worstSec = add(app, el("section"));
    worstSec.id = "worst";
    var sideSec = add(app, el("section"));
    sideSec.id = "side-by-side";
    var perSec = add(app, el("section"));
    perSec.id = "per-sentence";
    var sideRun = null, perRun = null;

    function score(row, m) { return row && row.scores ? row.scores[m] : null; }
    function refCell(tr, row) {
      var cell = td(tr, "sent ref");
      (row ? row.refs : []).forEach(function (ref, k) {
        if (k) add(cell, el("br"));
        text(cell, ref);
      });
      return cell;
    }
    function pairingText(row) {
      if (!row || !("type" in row)) return null;
      return show(row.type) + " hyp [" + (row.hyp_ids || []).join(", ") + "] ref [" + (row.ref_ids || []).join(", ") + "]";
    }
    function unpaired(row) {
      return row && V.documents && (!(row.hyp_ids || []).length || !(row.ref_ids || []).length);
    }

    function drawBuckets() {
      var m = metricSel.value, b = V.buckets;
      bucketSec.textContent = "";
      add(bucketSec, el("h2", null, "Scores by sentence length"));
      add(bucketSec, el("p", "note", "Mean sentence-level " + m + " per bucket of " + b.by + " (as compare-mt); n = segments in the bucket" +
                        (V.blank ? "; blank lines (nothing on either side; " + V.blank + " in " + systems[0] + ") are left out, here and in the worst segments." : ".")));
      var heads = ["length"];
      systems.forEach(function (s) { heads.push([s + " n", "num"]); heads.push([s + " " + m, "num"]); });
      var body = table(bucketSec, null, heads);
      b.labels.forEach(function (label, k) {
        var tr = add(body, el("tr", "bucket"));
        td(tr, null, label);
        systems.forEach(function (s) {
          var cell = b.scores[m][s][k];
          td(tr, "num", String(cell[0]));
          td(tr, "num", cell[0] ? fmt(cell[1]) : "–");
        });
      });
    }

    function drawWorst() {
      var m = metricSel.value;
      worstSec.textContent = "";
      add(worstSec, el("h2", null, "The worst " + V.worst_n + " segments by sentence-level " + m));
      systems.forEach(function (s) {
        add(worstSec, el("h3", null, s));
        var heads = [["#", "num"], [m, "num"]];
        if (V.documents) heads.push(["pairing", "pairing"]);
        heads.push("source", "hypothesis", "reference");
        var body = table(worstSec, "wide worst", heads);
        body.parentNode.setAttribute("data-system", s);
        V.worst[m][s].forEach(function (i) {
          var row = rows[i], tr = add(body, el("tr", "worst-row" + (unpaired(row) ? " unpaired" : "")));
          td(tr, "num", show(row.index));
          td(tr, "num", fmt(score(row, m)));
          if (V.documents) td(tr, "mono", pairingText(row));
          textTd(tr, "sent src", row.src);
          textTd(tr, "sent hyp", row.hyp);
          refCell(tr, row);
        });
      });
    }

    function drawSide() {
      if (sideRun) sideRun.cancel();
      sideSec.textContent = "";
      if (systems.length < 2) return;
      var m = metricSel.value, a = systems[0], b = otherSel ? otherSel.value : systems[1];
      var pairs = V.compare[b].slice();
      var sign = higher[m] ? 1 : -1;
      function delta(p) {
        var x = score(rows[p[0]], m), y = score(rows[p[1]], m);
        return isNum(x) && isNum(y) ? sign * (y - x) : null;
      }
      if (sortSel && sortSel.value !== "doc") {
        var dir = sortSel.value === "better" ? -1 : 1;
        pairs = pairs.map(function (p, k) { return [p, k, delta(p)]; }).sort(function (u, v) {
          var du = u[2] === null ? Infinity : dir * u[2], dv = v[2] === null ? Infinity : dir * v[2];
          return du - dv || u[1] - v[1];
        }).map(function (x) { return x[0]; });
      }
      add(sideSec, el("h2", null, a + " and " + b + " side by side"));
      add(sideSec, el("p", "note", "Words only in " + a + " and only in " + b + " are marked; Δ = " + b + " − " + a +
                      " in sentence-level " + m + (higher[m] ? "" : " (lower is better: Δ is shown so that positive means " + b + " is better)") + "."));
      var legend = add(sideSec, el("p", "legend"));
      add(legend, el("span", "only-a", "only in " + a));
      add(legend, el("span", "only-b", "only in " + b));
      var heads = [["#", "num"]];
      if (V.documents) heads.push(["pairing (" + a + " / " + b + ")", "pairing"]);
      heads.push("reference", a, [m, "num"], b, [m, "num"], ["Δ", "num"]);
      var body = table(sideSec, "wide side", heads);
      pairing(body);
      function draw(k) {
        var p = pairs[k], ra = rows[p[0]], rb = rows[p[1]];
        var tr = el("tr", "row pair");
        if (unpaired(ra) || unpaired(rb) || !ra || !rb) tr.classList.add("unpaired");
        var first = ra || rb;
        td(tr, "num", show(first.index));
        if (V.documents) td(tr, "mono", (pairingText(ra) || "–") + " / " + (pairingText(rb) || "–"));
        refCell(tr, first);
        var wa = words(ra ? ra.hyp : ""), wb = words(rb ? rb.hyp : "");
        var common = diff(wa, wb);
        var ca = td(tr, "sent hyp-a"), cb;
        if (ra) marked(ca, wa, common && common[0], "only-a"); else add(ca, el("span", "missing", "no segment here"));
        td(tr, "num", fmt(score(ra, m)));
        cb = td(tr, "sent hyp-b");
        if (rb) marked(cb, wb, common && common[1], "only-b"); else add(cb, el("span", "missing", "no segment here"));
        td(tr, "num", fmt(score(rb, m)));
        var d = delta(p), dc = td(tr, "num delta", d === null ? "–" : (d > 0 ? "+" : "") + fmt(d));
        if (d !== null && d > 0) dc.classList.add("better");
        if (d !== null && d < 0) dc.classList.add("worse");
        return tr;
      }
      sideRun = new Progressive(body, pairs.length, draw);
    }

    function drawPer() {
      if (perRun) perRun.cancel();
      perSec.textContent = "";
      var s = sysSel.value, ids = V.rows_by_system[s] || [];
      add(perSec, el("h2", null, "Per-sentence scores: " + s));
      var unpairedCount = ids.filter(function (i) { return unpaired(rows[i]); }).length;
      if (V.documents) add(perSec, el("p", "note", "Document mode: each segment is what the aligner paired (type, hypothesis and reference sentence ids); " +
                                   plural(unpairedCount, "segment") + " could not be paired (marked)."));
      var heads = [["#", "num"]];
      if (V.documents) heads.push(["pairing", "pairing"]);
      heads.push("source", "hypothesis", "reference");
      metrics.forEach(function (m) { heads.push([m, "num"]); });
      var body = table(perSec, "wide per", heads);
      body.parentNode.setAttribute("data-system", s);
      function draw(k) {
        var row = rows[ids[k]], tr = el("tr", "row seg");
        if (unpaired(row)) tr.classList.add("unpaired");
        td(tr, "num", show(row.index));
        if (V.documents) {
          var pc = td(tr, "mono", pairingText(row));
          if (unpaired(row)) { add(pc, el("br")); add(pc, el("span", "tag omission", (row.hyp_ids || []).length ? "unpaired hypothesis" : "unpaired reference")); }
        }
        var src = textTd(tr, "sent src", row.src);
        src.tabIndex = 0;
        var hyp = textTd(tr, "sent hyp", row.hyp);
        hyp.tabIndex = 0;
        refCell(tr, row).tabIndex = 0;
        metrics.forEach(function (m) { td(tr, "num", fmt(score(row, m))); });
        return tr;
      }
      perRun = new Progressive(body, ids.length, draw);
      pairing(body);
    }

    function all() { drawBuckets(); drawWorst(); drawSide(); drawPer(); }
    metricSel.addEventListener("change", function () { drawBuckets(); drawWorst(); drawSide(); settle(); });
    if (otherSel) otherSel.addEventListener("change", function () { drawSide(); settle(); });
    if (sortSel) sortSel.addEventListener("change", function () { drawSide(); settle(); });
    sysSel.addEventListener("change", function () { drawPer(); settle(); });
    all();
  }

  function inputsTable(parent, inputs) {
    var body = table(parent, null, ["input", "path", "sha256", ["lines", "num"], ["documents", "num"]]);
    function rowsOf(role, list) {
      (list || []).forEach(function (f) {
        if (!f) return;
        var tr = add(body, el("tr"));
        td(tr, null, role);
        td(tr, "mono", show(f.path));
        td(tr, "mono", f.sha256 ? String(f.sha256).slice(0, 16) + "…" : "–").title = show(f.sha256);
        td(tr, "num", "lines" in f ? show(f.lines) : "–");
        td(tr, "num", "documents" in f ? show(f.documents) : "–");
      });
    }
    rowsOf("hypothesis", inputs.hypotheses);
    rowsOf("reference", inputs.references);
    rowsOf("source", inputs.source ? [inputs.source] : []);
  }

  function metricTable(R) {
    var section = add(app, el("section"));
    section.id = "metrics";
    add(section, el("h2", null, "Scores"));
    var names = Object.keys(R.systems[0].scores);
    var comparison = R.comparison;
    var cmp = {};
    if (comparison) comparison.systems.forEach(function (s) { cmp[s.system] = s.scores; });
    var heads = ["system"];
    names.forEach(function (n) { heads.push([n + (comparison ? " (μ ± 95% CI) p" : ""), "num"]); });
    var body = table(section, "metrics", heads);
    var best = {};
    names.forEach(function (n) {
      var hib = R.systems[0].scores[n].higher_is_better !== false;
      R.systems.forEach(function (s) {
        var v = s.scores[n].score;
        if (!(n in best) || (hib ? v > best[n] : v < best[n])) best[n] = v;
      });
    });
    R.systems.forEach(function (s, k) {
      var tr = add(body, el("tr"));
      var name = td(tr, null, s.system);
      if (comparison && k === 0) add(name, el("span", "tag", "baseline"));
      names.forEach(function (n) {
        var e = s.scores[n], cell = td(tr, "num");
        var main = add(cell, el("span", R.systems.length > 1 && e.score === best[n] ? "best" : null, fmt(e.score)));
        main.title = e.signature || "";
        var c = cmp[s.system] && cmp[s.system][n];
        if (c) {
          if (isNum(c.mean)) text(cell, " (" + fmt(c.mean) + " ± " + fmt(c.ci) + ")");
          if (isNum(c.p_value)) {
            text(cell, " p = " + fmt(c.p_value, 4));
            if (c.p_value <= 0.05) add(cell, el("span", "sig", "*"));
          }
        }
        if (e.details) add(cell, el("div", "detail", e.details));
      });
    });
    if (comparison) {
      add(section, el("p", "note", show(comparison.test_name || comparison.test) + ", " + show(comparison.n_samples) +
                      " samples, seed " + show(comparison.seed) + ": each system against the baseline " + show(comparison.baseline) +
                      "; * p ≤ 0.05 (the difference is unlikely to be chance)."));
    }
    add(section, el("h3", null, "sacrebleu signatures"));
    var sigs = comparison ? comparison.signatures : {};
    if (!comparison) names.forEach(function (n) { sigs[n] = R.systems[0].scores[n].signature; });
    var dl = add(section, el("dl", "kv"));
    Object.keys(sigs).forEach(function (n) { add(dl, el("dt", null, n)); add(dl, el("dd", "mono", sigs[n])); });
    var sentence = {};
    names.forEach(function (n) { if (R.systems[0].scores[n].sentence_signature) sentence[n] = R.systems[0].scores[n].sentence_signature; });
    if (Object.keys(sentence).length) {
      add(section, el("p", "note", "Sentence-level scores (the tables below):"));
      var dl2 = add(section, el("dl", "kv"));
      Object.keys(sentence).forEach(function (n) { add(dl2, el("dt", null, n)); add(dl2, el("dd", "mono", sentence[n])); });
    }
  }

  function pairingSummary(R) {
    var section = add(app, el("section"));
    section.id = "pairing";
    add(section, el("h2", null, "Document mode: how the sentences were paired"));
    var body = table(section, null, ["system", ["documents", "num"], ["hyp sentences", "num"], ["ref sentences", "num"],
                                     ["paired segments", "num"], ["unpaired hyp", "num"], ["unpaired ref", "num"], "bead types"]);
    R.systems.forEach(function (s) {
      var d = s.documents || {}, tr = add(body, el("tr"));
      td(tr, null, s.system);
      ["documents", "hyp_sentences", "ref_sentences", "paired_segments", "unpaired_hyp_sentences", "unpaired_ref_sentences"].forEach(function (k) { td(tr, "num", show(d[k])); });
      var types = d.bead_types || {};
      td(tr, "mono", Object.keys(types).map(function (t) { return t + ": " + types[t]; }).join(", "));
    });
    var policy = R.settings && R.settings.unpaired;
    add(section, el("p", "note", "Unpaired sentences are " + (policy === "ignore" ? "left out of the scores." : "scored against empty text.")));
  }

  // ---- start ------------------------------------------------------------------------
  if (D.kind === "translation") translationView();
  else if (D.kind === "alignment") alignmentView();
  else evaluationView();
  started = true;
  settle();
  requestAnimationFrame(function () { window.__rendered = performance.now(); });
})();
