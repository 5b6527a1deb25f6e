// minhbach site search. Runs on the search page only; every other page works without script.
// The index is static files written by `minhbach build` beside this page (see
// src/render/search/): a manifest, shards of words by folded prefix, and the records a few to
// a small file (the manifest's `per`). A query loads the manifest, one shard per word (for the
// word being typed, every shard of the words it begins), and the files of the records it shows.
// Files are scripts calling mbSearch(name, data), so that search also works from file://.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var S = JSON.parse(document.getElementById("search-strings").textContent);
  var base = box.getAttribute("data-index");
  // The index's files keep their names from build to build; their version keeps a browser
  // from mixing files of two builds.
  var version = box.getAttribute("data-version");
  var query = version ? "?v=" + encodeURIComponent(version) : "";
  var form = box.querySelector("form");
  var input = document.getElementById("search-q");
  var statusEl = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var kindsEl = document.getElementById("search-kinds");
  var PAGE = 20;

  // Words and folding: the same rules as src/render/search/fold.rs.
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  var MARK = /\p{M}/gu;
  function fold(w) {
    return w.normalize("NFD").replace(MARK, "").replace(/[đĐÐðƉɖ]/g, "d").toLowerCase();
  }
  function lower(w) {
    return w.normalize("NFC").toLowerCase();
  }

  // Loading index files, each once.
  var files = {};
  window.mbSearch = function (name, data) {
    if (files[name]) files[name].resolve(data);
  };
  function load(name) {
    if (!files[name]) {
      var f = {};
      f.promise = new Promise(function (resolve, reject) {
        f.resolve = resolve;
        f.reject = reject;
      });
      files[name] = f;
      var s = document.createElement("script");
      s.src = base + name + ".js" + query;
      s.onerror = function () {
        delete files[name];
        f.reject(new Error("cannot load " + s.src));
      };
      document.head.appendChild(s);
    }
    return files[name].promise;
  }
  function fileName(key) {
    if (/^[a-z0-9]+$/.test(key)) return key;
    var hex = "";
    new TextEncoder().encode(key).forEach(function (b) {
      hex += (b < 16 ? "0" : "") + b.toString(16);
    });
    return "_" + hex;
  }
  var manifest = null;
  function getManifest() {
    if (!manifest) {
      manifest = load("m").then(function (m) {
        m.keys = new Set(m.shards);
        m.kindOf = new Array(m.records);
        m.kinds.forEach(function (k) {
          for (var i = k[1]; i < k[2]; i++) m.kindOf[i] = k[0];
        });
        return m;
      });
      manifest.catch(function () {
        manifest = null;
      });
    }
    return manifest;
  }
  // The shard holding a word: the longest listed prefix of it.
  function shardFor(m, folded) {
    var chars = Array.from(folded);
    for (var n = chars.length; n >= 1; n--) {
      var key = chars.slice(0, n).join("");
      if (m.keys.has(key)) return key;
    }
    return null;
  }

  // The shards a query word's matches can be in: the one holding the word, and for a word
  // matched as a beginning every shard of longer words that begin with it (a letter whose
  // words are many has them split by their next letter: "t" is then in "ta", "th", …).
  function shardsFor(m, folded, prefix) {
    var own = shardFor(m, folded);
    var keys = own ? [own] : [];
    if (prefix) {
      m.shards.forEach(function (k) {
        if (k !== own && k.startsWith(folded)) keys.push(k);
      });
    }
    return keys;
  }

  // A word's letters, each as its base letter and its marks (đ as d with a mark of its own).
  function letters(w) {
    var out = [];
    Array.from(w.normalize("NFD")).forEach(function (c) {
      if (/\p{M}/u.test(c)) {
        if (out.length) out[out.length - 1].m += c;
      } else out.push(c === "đ" ? { b: "d", m: "đ" } : { b: c, m: "" });
    });
    return out;
  }
  // Whether a spelling has every mark typed, on the letter it was typed on. Marks come one
  // by one on a phone's keyboard (s, so, sô, số): "sô" is on its way to "số" and "sống",
  // and spelled as neither "sơ" nor "so".
  function spelledAs(typed, spelling, prefix) {
    var s = letters(spelling);
    if (typed.length > s.length || (!prefix && typed.length !== s.length)) return false;
    return typed.every(function (l, i) {
      return Array.from(l.m).every(function (m) {
        return s[i].m.indexOf(m) >= 0;
      });
    });
  }

  // The records a query word matches: record → {w: weight, x: has the marks typed}.
  function matchWord(shard, word, prefix) {
    var out = new Map();
    var typed = word.lower !== word.folded ? letters(word.lower) : null;
    shard.forEach(function (entry) {
      var term = entry[0];
      var full = term === word.folded;
      if (!full && !(prefix && term.startsWith(word.folded))) return;
      var names = entry[1].length ? entry[1] : [term];
      var spelled = names.map(function (n) {
        return typed !== null && spelledAs(typed, n, !full);
      });
      var flat = entry[2];
      var rec = 0;
      for (var i = 0; i < flat.length; i += 3) {
        rec += flat[i];
        var hit = {
          w: full ? flat[i + 1] : flat[i + 1] / 2,
          x: spelled[flat[i + 2]],
        };
        var had = out.get(rec);
        if (!had || hit.x > had.x || (hit.x === had.x && hit.w > had.w)) out.set(rec, hit);
      }
    });
    return out;
  }

  function queryWords(q) {
    var seen = new Set();
    var out = [];
    (q.match(WORD) || []).forEach(function (w) {
      var word = { folded: fold(w), lower: lower(w) };
      if (word.folded && !seen.has(word.lower)) {
        seen.add(word.lower);
        out.push(word);
      }
    });
    return out;
  }

  // Every word must match; records with the marks typed first, then by weight.
  function search(q) {
    var ws = queryWords(q);
    if (!ws.length) return Promise.resolve({ ws: ws, hits: [] });
    var prefixLast = !/\s$/.test(q);
    return getManifest().then(function (m) {
      return Promise.all(
        ws.map(function (w, i) {
          var keys = shardsFor(m, w.folded, prefixLast && i === ws.length - 1);
          return Promise.all(
            keys.map(function (key) {
              return load("s/" + fileName(key));
            }),
          ).then(function (parts) {
            return [].concat.apply([], parts);
          });
        }),
      ).then(function (shards) {
        var acc = null;
        ws.forEach(function (w, i) {
          var found = matchWord(shards[i], w, prefixLast && i === ws.length - 1);
          var next = new Map();
          found.forEach(function (hit, rec) {
            if (!acc) next.set(rec, { x: hit.x ? 1 : 0, w: hit.w });
            else if (acc.has(rec)) {
              var a = acc.get(rec);
              next.set(rec, { x: a.x + (hit.x ? 1 : 0), w: a.w + hit.w });
            }
          });
          acc = next;
        });
        var hits = [];
        acc.forEach(function (s, rec) {
          hits.push({ rec: rec, x: s.x, w: s.w, kind: m.kindOf[rec] });
        });
        hits.sort(function (a, b) {
          return b.x - a.x || b.w - a.w || a.rec - b.rec;
        });
        return { ws: ws, hits: hits, prefixLast: prefixLast, per: m.per };
      });
    });
  }

  // Rendering.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function fill(s, n, q) {
    return s.replace("{n}", n).replace("{q}", q);
  }
  function matches(token, r) {
    var f = fold(token);
    return r.ws.some(function (w, i) {
      return f === w.folded || (r.prefixLast && i === r.ws.length - 1 && f.startsWith(w.folded));
    });
  }
  // Text with the query's words marked.
  function marked(text, r) {
    var frag = document.createDocumentFragment();
    var last = 0;
    text.replace(WORD, function (token, at) {
      if (matches(token, r)) {
        frag.appendChild(document.createTextNode(text.slice(last, at)));
        frag.appendChild(el("mark", null, token));
        last = at + token.length;
      }
      return token;
    });
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }
  // About thirty words of the text around its first match.
  function excerpt(text, r) {
    var tokens = [];
    text.replace(WORD, function (token, at) {
      tokens.push([token, at]);
      return token;
    });
    if (!tokens.length) return "";
    var first = tokens.findIndex(function (t) {
      return matches(t[0], r);
    });
    var from = Math.max(0, first - 8);
    var to = Math.min(tokens.length, from + 30);
    var start = from === 0 ? 0 : tokens[from][1];
    var end = to === tokens.length ? text.length : tokens[to][1];
    return (from > 0 ? "… " : "") + text.slice(start, end).trim() + (to < tokens.length ? " …" : "");
  }
  function item(f, r) {
    var li = el("li");
    var a = el("a", "r-title");
    a.href = f.u;
    // A page written in another language only: said so, for screen readers and browsers.
    if (f.l) a.hreflang = a.lang = f.l;
    a.appendChild(marked(f.t, r));
    li.appendChild(a);
    li.appendChild(el("span", "r-kind", S.kinds[f.k]));
    if (f.s) {
      li.appendChild(document.createTextNode(" "));
      var badge = el("span", "badge " + (f.k === "task" ? "ts-" : "st-") + f.s.key);
      badge.appendChild(el("span", null, f.s.icon)).setAttribute("aria-hidden", "true");
      badge.appendChild(document.createTextNode(" " + f.s.label));
      li.appendChild(badge);
    }
    if (f.m) li.appendChild(el("p", "muted r-meta")).appendChild(marked(f.m, r));
    var ex = excerpt(f.b, r);
    if (ex) {
      var p = li.appendChild(el("p", "r-excerpt"));
      if (f.l) p.lang = f.l;
      p.appendChild(marked(ex, r));
    }
    return li;
  }

  var current = 0;
  var kind = new URLSearchParams(location.search).get("kind") || "";

  function showKinds(r) {
    kindsEl.textContent = "";
    if (!r.hits.length) return;
    var counts = {};
    r.hits.forEach(function (h) {
      counts[h.kind] = (counts[h.kind] || 0) + 1;
    });
    if (kind && !counts[kind]) kind = "";
    var fs = el("fieldset", "search-kinds");
    fs.appendChild(el("legend", null, S.filter));
    var options = [["", S.all, r.hits.length]];
    Object.keys(S.kinds).forEach(function (k) {
      if (counts[k]) options.push([k, S.kinds[k], counts[k]]);
    });
    options.forEach(function (o) {
      var label = el("label");
      var radio = el("input");
      radio.type = "radio";
      radio.name = "kind";
      radio.value = o[0];
      radio.checked = o[0] === kind;
      radio.addEventListener("change", function () {
        kind = o[0];
        remember(input.value);
        showResults(r, true);
      });
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + o[1] + " (" + o[2] + ")"));
      fs.appendChild(label);
    });
    kindsEl.appendChild(fs);
  }

  function showResults(r, announce) {
    var seq = current;
    var hits = r.hits.filter(function (h) {
      return !kind || h.kind === kind;
    });
    var q = input.value.trim();
    results.textContent = "";
    if (!hits.length) {
      statusEl.textContent = fill(S.none, 0, q);
      var p = el("p", null, S.suggest);
      var ul = el("ul");
      S.lists.forEach(function (l) {
        var a = el("a", null, l.title);
        a.href = l.href;
        ul.appendChild(el("li")).appendChild(a);
      });
      results.appendChild(el("p", null, fill(S.none, 0, q)));
      results.appendChild(p);
      results.appendChild(ul);
      return;
    }
    var ol = el("ol");
    results.appendChild(ol);
    var shown = 0;
    function more() {
      var page = hits.slice(shown, shown + PAGE);
      shown += page.length;
      return Promise.all(
        page.map(function (h) {
          return load("r/" + Math.floor(h.rec / r.per)).then(function (group) {
            return group[h.rec % r.per];
          });
        }),
      ).then(function (frags) {
        if (seq !== current) return;
        frags.forEach(function (f) {
          ol.appendChild(item(f, r));
        });
        var old = results.querySelector(".search-more");
        if (old) old.remove();
        if (shown < hits.length) {
          var b = el("button", "search-more", S.more);
          b.type = "button";
          b.addEventListener("click", function () {
            var at = ol.children.length;
            more().then(function () {
              var next = ol.children[at] && ol.children[at].querySelector("a");
              if (next) next.focus();
            });
          });
          results.appendChild(b);
        }
      });
    }
    return more().then(function () {
      if (seq === current && announce) statusEl.textContent = fill(hits.length === 1 ? S.result : S.results, hits.length, q);
    });
  }

  function remember(q) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    if (kind) params.set("kind", kind);
    var s = params.toString();
    try {
      history.replaceState(null, "", s ? "?" + s : location.pathname);
    } catch (e) {
      // Some browsers refuse to change the address of a page opened from disk.
    }
  }

  function run(q) {
    var seq = ++current;
    if (!queryWords(q).length) {
      kindsEl.textContent = "";
      results.textContent = "";
      statusEl.textContent = q.trim() ? fill(S.none, 0, q.trim()) : "";
      return Promise.resolve();
    }
    statusEl.textContent = S.loading;
    return search(q).then(
      function (r) {
        if (seq !== current) return;
        showKinds(r);
        return showResults(r, true);
      },
      function () {
        if (seq === current) statusEl.textContent = S.failed;
      },
    );
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      kind = "";
      remember(input.value);
      run(input.value);
    }, 200);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    run(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
