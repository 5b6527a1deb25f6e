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
  // Whether a word being typed is matched as the beginning of longer words. One letter, or a
  // beginning shared by words spread over many shards, would load much of the index on a
  // phone for results the next letter replaces: such a word is matched only as it is, and
  // left out of the query while nothing is spelled that way.
  var MAX_SHARDS = 16;
  function expands(m, folded) {
    return Array.from(folded).length >= 2 && shardsFor(m, folded, true).length <= MAX_SHARDS;
  }

  // A word's letters, each as its base letter and its marks (đ, and the letters that look
  // like it, as d with a mark of its own).
  function letters(w) {
    var out = [];
    Array.from(w.normalize("NFD").toLowerCase()).forEach(function (c) {
      if (/\p{M}/u.test(c)) {
        if (out.length) out[out.length - 1].m += c;
      } else out.push(/[đðɖ]/.test(c) ? { b: "d", m: "đ" } : { b: c, m: "" });
    });
    return out;
  }
  // Whether a spelling has every mark typed, on the letter it was typed on. Marks come one
  // by one on a phone's keyboard (s, so, sô, số): "sô" is on its way to "số" and "sống",
  // and spelled as neither "sơ" nor "so".
  // A tone mark belongs to the syllable, wherever it sits: "uỷ" (the older placement, which
  // keyboards still offer) is spelled as "ủy", "hoà" as "hòa". Other marks stay on their letter.
  var TONE = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  function tones(ls) {
    return ls
      .map(function (l) {
        return (l.m.match(TONE) || []).join("");
      })
      .join("");
  }
  function spelledAs(typed, spelling, prefix) {
    var s = letters(spelling);
    if (typed.length > s.length || (!prefix && typed.length !== s.length)) return false;
    var spelledTones = tones(s);
    var sameTones = Array.from(tones(typed)).every(function (t) {
      return spelledTones.indexOf(t) >= 0;
    });
    return (
      sameTones &&
      typed.every(function (l, i) {
        return Array.from(l.m.replace(TONE, "")).every(function (m) {
          return s[i].m.indexOf(m) >= 0;
        });
      })
    );
  }

  // The records a query word matches: record → {w: weight, x: has the marks typed}. A word on
  // very many records comes with only those where it weighs most, and how many have it in all:
  // `cut` and `n` on the map.
  function matchWord(shard, word, prefix) {
    var out = new Map();
    out.n = 0;
    out.cut = false;
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
      if (entry.length > 3) {
        out.cut = true;
        out.n = Math.max(out.n, entry[3]);
      }
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

  // A word typed with the keys of a Vietnamese input method while it was off: Telex
  // ("sowr" for "sở", "ddaauf" for "đầu") or VNI ("so73", "d9a6u2"). Null when the word has
  // none of their keys. Where the tone goes in the syllable does not matter here (see
  // `spelledAs`).
  var TELEX_TONE = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" };
  var VNI_TONE = { 1: "\u0301", 2: "\u0300", 3: "\u0309", 4: "\u0303", 5: "\u0323" };
  var VOWEL = /[aăâeêioôơuưy]/;
  function withTone(word, tone) {
    if (!tone) return word;
    var chars = Array.from(word);
    var at = chars.findIndex(function (c) {
      return /[ăâêôơư]/.test(c);
    });
    if (at < 0) {
      for (var i = chars.length - 1; i >= 0; i--) {
        if (VOWEL.test(chars[i])) {
          at = i;
          break;
        }
      }
    }
    if (at < 0) return null;
    chars[at] = (chars[at] + tone).normalize("NFC");
    return chars.join("");
  }
  function telex(w) {
    if (!/^[a-z]+$/.test(w) || !/dd|aa|ee|oo|aw|ow|uw|w|[aeiouy][a-z]*[sfrxj]$/.test(w)) return null;
    var tone = null;
    var last = w.charAt(w.length - 1);
    if (TELEX_TONE[last] && VOWEL.test(w.slice(0, -1))) {
      tone = TELEX_TONE[last];
      w = w.slice(0, -1);
    }
    w = w
      .replace(/^dd/, "đ")
      .replace(/uow/g, "ươ")
      .replace(/aa/g, "â")
      .replace(/ee/g, "ê")
      .replace(/oo/g, "ô")
      .replace(/aw/g, "ă")
      .replace(/ow/g, "ơ")
      .replace(/uw/g, "ư")
      .replace(/w/g, "ư");
    return withTone(w, tone);
  }
  function vni(w) {
    if (!/^[a-z]+[a-z0-9]*$/.test(w) || !/[a-z][1-9]/.test(w)) return null;
    var out = "";
    var tone = null;
    var marks = { 6: "\u0302", 7: "\u031b", 8: "\u0306" };
    for (var i = 0; i < w.length; i++) {
      var c = w.charAt(i);
      if (VNI_TONE[c]) tone = VNI_TONE[c];
      else if (c === "9" && /d$/.test(out)) out = out.slice(0, -1) + "đ";
      else if (marks[c]) {
        // "u7o7" and "uo7" are both "ươ".
        if (c === "7" && /uo$/.test(out)) out = out.slice(0, -2) + "ươ";
        else if (out) out = (out + marks[c]).normalize("NFC");
      } else if (/[0-9]/.test(c)) return null;
      else out += c;
    }
    return withTone(out, tone);
  }
  function inputMethod(word) {
    var read = telex(word.lower) || vni(word.lower);
    if (!read || read === word.lower) return null;
    return { folded: fold(read), lower: read, typed: word.lower };
  }

  // A word in more than this share of the records ("hải phòng" on a Hai Phong site) narrows
  // nothing: it adds to a record's weight where it is, but leaves no record out.
  var COMMON = 0.2;
  // A record that lacks some of the query's words is shown after those that have them all,
  // when these are fewer than a page, if it has at least half of them, or words carrying half of what the query says (rarer
  // words say more): "Sở Y tế" for "giám đốc Sở Y tế". Those are ranked by what their words
  // say where they are (a word of a name weighs more than one of a text).
  var PARTIAL = 0.5;

  // Every word must match, except words no record has (a typing slip, said to the reader) and
  // words nearly every record has; records with the marks typed first, then by weight. Then
  // the records that have most of the words.
  function search(q) {
    var ws = queryWords(q);
    if (!ws.length) return Promise.resolve({ ws: ws, hits: [], missing: [], cut: [] });
    var prefixLast = !/\s$/.test(q);
    // The first letter of the next word says nothing yet: the query is the words before it.
    if (prefixLast && ws.length > 1 && Array.from(ws[ws.length - 1].folded).length < 2) {
      ws = ws.slice(0, -1);
      prefixLast = false;
    }
    return getManifest().then(function (m) {
      var last = ws.length - 1;
      var typing = ws.map(function (w, i) {
        return prefixLast && i === last;
      });
      var expand = ws.map(function (w, i) {
        return typing[i] && expands(m, w.folded);
      });
      var alt = ws.map(inputMethod);
      var shardsOf = function (w, prefix) {
        if (!w) return Promise.resolve([]);
        return Promise.all(
          shardsFor(m, w.folded, prefix).map(function (key) {
            return load("s/" + fileName(key));
          }),
        ).then(function (parts) {
          return [].concat.apply([], parts);
        });
      };
      return Promise.all(
        ws.map(function (w, i) {
          return Promise.all([shardsOf(w, expand[i]), shardsOf(alt[i], Boolean(alt[i] && expand[i] && expands(m, alt[i].folded)))]);
        }),
      ).then(function (shards) {
        var words = ws.map(function (w, i) {
          var found = matchWord(shards[i][0], w, expand[i]);
          // Nothing spelled as typed, but something as an input method would have written it.
          if (!found.size && alt[i]) {
            var read = matchWord(shards[i][1], alt[i], expand[i]);
            if (read.size) {
              w = ws[i] = alt[i];
              found = read;
            }
          }
          var count = Math.max(found.size, found.n);
          return { w: w, found: found, count: count, idf: Math.log(1 + m.records / Math.max(1, count)) };
        });
        // A word still being typed that nothing is spelled as yet is not a slip to report.
        var missing = words
          .filter(function (d, i) {
            return !d.found.size && !(typing[i] && !expand[i]);
          })
          .map(function (d) {
            return d.w;
          });
        var present = words.filter(function (d) {
          return d.found.size > 0;
        });
        // A word cut to its heaviest records is never required when another word can be: the
        // other words find every record, and it ranks them.
        var required = present.filter(function (d) {
          return !d.found.cut && d.count <= m.records * COMMON;
        });
        if (!required.length) required = present;
        var cut = required
          .filter(function (d) {
            return d.found.cut;
          })
          .map(function (d) {
            return d.w;
          });
        // Cut words alone: each one's kept records may not meet the others', so none is
        // required and the pages with most of the words come first.
        var loose = cut.length > 0 && cut.length === required.length;
        if (loose) required = [];
        var total = present.reduce(function (t, d) {
          return t + d.idf;
        }, 0);
        // Each record that has any of the words: how many it has (r of them required), what
        // they say, and how much they weigh where they are.
        var acc = new Map();
        present.forEach(function (d) {
          var isRequired = required.indexOf(d) >= 0;
          d.found.forEach(function (hit, rec) {
            var a = acc.get(rec);
            if (!a) {
              a = { x: 0, w: 0, got: 0, n: 0, r: 0, s: 0 };
              acc.set(rec, a);
            }
            if (isRequired) a.r += 1;
            if (isRequired || loose) a.x += hit.x ? 1 : 0;
            a.n += 1;
            a.w += hit.w;
            a.got += d.idf;
            a.s += d.idf * hit.w;
          });
        });
        var hits = [];
        acc.forEach(function (a, rec) {
          var all = a.r === required.length;
          var most = a.n >= present.length * PARTIAL || a.got >= total * PARTIAL;
          if (all || (a.n >= 2 && most)) {
            hits.push({ rec: rec, x: a.x, w: a.w, s: a.s, n: a.n, all: all, kind: m.kindOf[rec] });
          }
        });
        hits.sort(function (a, b) {
          return b.all - a.all || (loose ? b.n - a.n : 0) || (a.all ? 0 : b.s - a.s) || b.x - a.x || b.w - a.w || a.rec - b.rec;
        });
        // Pages with some of the words only when those with all of them fill less than a page.
        var full = hits.filter(function (h) {
          return h.all;
        }).length;
        if (full >= PAGE) hits.length = full;
        return { ws: ws, hits: hits, missing: missing, cut: cut, prefixLast: prefixLast, per: m.per };
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
  // The query as said back: a pasted page of text is not read out whole.
  function fill(s, n, q) {
    var chars = Array.from(q);
    if (chars.length > 80) q = chars.slice(0, 80).join("") + "…";
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
    // A page written in another language only: said so, for screen readers and browsers; so
    // is a name the documents give only in another language.
    if (f.l) a.hreflang = a.lang = f.l;
    else if (f.tl) a.lang = f.tl;
    a.appendChild(marked(f.t, r));
    li.appendChild(a);
    li.appendChild(el("span", "r-kind", S.kinds[f.k]));
    li.insertBefore(document.createTextNode(" "), li.lastChild);
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
      if (f.l || f.bl) p.lang = f.l || f.bl;
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
    // Words no page has are said, before the results found without them.
    var read = r.ws.filter(function (w) {
      return w.typed;
    });
    var said = function (ws, key) {
      return ws
        .map(function (w) {
          return w[key];
        })
        .join(" ");
    };
    var note = (read.length ? [S.read.replace("{w}", said(read, "typed")).replace("{v}", said(read, "lower"))] : [])
      .concat(
        r.missing.map(function (w) {
          return S.unmatched.replace("{w}", w.lower);
        }),
      )
      .concat(r.cut.length ? [S.common.replace("{w}", said(r.cut, "lower"))] : [])
      .join(" ");
    if (note && (hits.length || r.cut.length)) results.appendChild(el("p", "search-note", note));
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
    // Records that have every word, then those that lack some, under a line that says so;
    // each list made when its first record is shown.
    var full = null;
    var partial = null;
    function listFor(h) {
      if (h.all) {
        if (!full) full = results.insertBefore(el("ol"), results.querySelector(".search-more"));
        return full;
      }
      if (!partial) {
        var p = el("p", "search-partial", S.partial);
        p.id = "search-partial";
        results.insertBefore(p, results.querySelector(".search-more"));
        partial = el("ol");
        partial.setAttribute("aria-labelledby", p.id);
        results.insertBefore(partial, results.querySelector(".search-more"));
      }
      return partial;
    }
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
        frags.forEach(function (f, i) {
          listFor(page[i]).appendChild(item(f, r));
        });
        var old = results.querySelector(".search-more");
        if (old) old.remove();
        if (shown < hits.length) {
          var b = el("button", "search-more", S.more);
          b.type = "button";
          b.addEventListener("click", function () {
            var items = function () {
              return results.querySelectorAll("ol > li");
            };
            var at = items().length;
            more().then(function () {
              var next = items()[at] && items()[at].querySelector("a");
              if (next) next.focus();
            });
          });
          results.appendChild(b);
        }
      });
    }
    return more().then(function () {
      if (seq === current && announce) {
        var all = hits.filter(function (h) {
          return h.all;
        }).length;
        var count = all ? fill(all === 1 ? S.result : S.results, all, q) : fill(S.none, 0, q);
        if (all < hits.length) count += " " + fill(S.partialCount, hits.length - all, q);
        statusEl.textContent = note ? note + " " + count : count;
      }
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

  function run(q, submitted) {
    var seq = ++current;
    if (!queryWords(q).length) {
      kindsEl.textContent = "";
      results.textContent = "";
      // Nothing searchable (an empty box, punctuation): said when asked, and shown as any
      // query that finds nothing.
      if (q.trim()) showResults({ ws: [], hits: [], missing: [], cut: [] }, true);
      else statusEl.textContent = submitted ? S.empty : "";
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
      // A first letter alone finds nothing worth showing yet; Enter searches for it.
      var ws = queryWords(input.value);
      if (ws.length === 1 && Array.from(ws[0].folded).length < 2 && !/\s$/.test(input.value)) {
        ++current;
        kindsEl.textContent = results.textContent = statusEl.textContent = "";
        return;
      }
      run(input.value);
    }, 200);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    remember(input.value);
    run(input.value, true);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
