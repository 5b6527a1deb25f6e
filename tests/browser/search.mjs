// Site search as a citizen uses it: the default site served under a sub-path, queries typed in
// the search page (with and without diacritics, upper case, prefixes, English), and a search
// page opened with ?q= in its address. Each case names a page expected in the top five.
// VI_ONLY_SITE_DIR is the default site with one post written only in Vietnamese (its English
// twin left out), served beside it: found from the English search page, its result is marked
// with its language.
// COMMON_SITE_DIR is the default site with 2,200 more posts that all say "thông báo": the index
// keeps of those two words only the pages where they weigh most, and the page says so.
// Usage: node search.mjs SITE_DIR VI_ONLY_SITE_DIR COMMON_SITE_DIR
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [siteDir, viOnlyDir, commonDir] = process.argv.slice(2);
if (!siteDir || !viOnlyDir || !commonDir) {
  console.error("usage: node search.mjs SITE_DIR VI_ONLY_SITE_DIR COMMON_SITE_DIR");
  process.exit(2);
}
const SUB = "/ban/minh-bach/";
// The site with a Vietnamese-only post.
const VI_ONLY = "/ban/chi-tieng-viet/";
// The site with a word on very many pages.
const COMMON = "/ban/tu-pho-bien/";
const TYPES = { html: "text/html; charset=utf-8", js: "text/javascript", css: "text/css", json: "application/json" };
const requests = [];
const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const [sub, dir] = [[SUB, siteDir], [VI_ONLY, viOnlyDir], [COMMON, commonDir]].find(([s]) => url.pathname.startsWith(s)) || [];
  if (!sub) {
    res.writeHead(404).end();
    return;
  }
  let rel = decodeURIComponent(url.pathname.slice(sub.length));
  if (rel === "" || rel.endsWith("/")) rel += "index.html";
  if (rel.split("/").includes("..")) {
    res.writeHead(400).end();
    return;
  }
  try {
    const body = await readFile(path.join(dir, rel));
    requests.push([url.pathname, body.length]);
    res.writeHead(200, { "Content-Type": TYPES[path.extname(rel).slice(1)] || "application/octet-stream" }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${server.address().port}`;

// [description, search page, query, expected page (relative to the site), position limit]
const cases = [
  ["no diacritics", "tim-kiem/", "so y te", "units/so-y-te/index.html", 1],
  ["with diacritics", "tim-kiem/", "Sở Y tế", "units/so-y-te/index.html", 1],
  ["d for đ", "tim-kiem/", "dien luc hai phong", "units/dien-luc-hp/index.html", 5],
  ["d for đ in a common word", "tim-kiem/", "phong quan ly dau tu", "units/bql-phong-dau-tu/index.html", 5],
  ["upper case", "tim-kiem/", "SỞ TÀI CHÍNH", "units/so-tai-chinh/index.html", 5],
  ["unit name", "tim-kiem/", "Sở Khoa học và Công nghệ", "units/so-khcn/index.html", 5],
  ["the indicator list", "tim-kiem/", "chi tieu", "indicators/index.html", 5],
  ["a plan by its code", "tim-kiem/", "12-KH/TU", "plans/12-kh-tu/index.html", 5],
  ["a prefix while typing", "tim-kiem/", "Sở Tài chí", "units/so-tai-chinh/index.html", 5],
  // One letter of the next word says nothing yet (and would read every shard of the words
  // it begins, much of the index on a large site): the words before it are the query.
  ["one letter while typing", "tim-kiem/", "so tai c", "units/so-tai-chinh/index.html", 5],
  ["one letter for đ while typing", "tim-kiem/", "cong ty d", "units/dien-luc-hp/index.html", 5],
  // Marks typed so far, the tone still to come (sô on the way to số): the names that have
  // them rank as if spelled in full, not the words that begin with "sô" (sống).
  ["marks on their way", "tim-kiem/", "chuyen doi sô", "indicators/chi-so-cds/index.html", 1],
  ["English on /en/", "en/search/", "department of finance", "en/units/so-tai-chinh/index.html", 5],
  // A unit's Vietnamese name, typed on the English page: the shorter name that has the words
  // first, not a long one that has them too.
  ["Vietnamese name on /en/", "en/search/", "so khoa hoc", "en/units/so-khcn/index.html", 1],
  ["English prefix", "en/search/", "indicat", "en/indicators/index.html", 5],
  // More words than the name has: the pages with all of them, then those with most of them,
  // the name first among these (a word of a name weighs more than one of a text).
  ["a title before the name", "tim-kiem/", "giám đốc Sở Y tế", "units/so-y-te/index.html", 5],
  ["the city's name after the name", "tim-kiem/", "Sở Tài chính TP Hải Phòng", "units/so-tai-chinh/index.html", 20],
  ["the city's name on /en/", "en/search/", "Hai Phong Department of Health", "en/units/so-y-te/index.html", 1],
  // A word no page has is left out, and said.
  ["a typing slip", "tim-kiem/", "Sở Giáo dụch và Đào tạo", "units/so-gddt/index.html", 1],
  // The older tone placement (uỷ for ủy) is the same spelling.
  ["older tone placement", "tim-kiem/", "Uỷ ban nhân dân thành phố", "units/ubnd-tp/index.html", 1],
  // The keys of an input method that was off.
  ["Telex keys", "tim-kiem/", "sowr y tees", "units/so-y-te/index.html", 1],
  ["VNI keys", "tim-kiem/", "so73 y te61", "units/so-y-te/index.html", 1],
  ["Telex đ", "tim-kiem/", "ddieenj luwcj", "units/dien-luc-hp/index.html", 1],
  // A resolution's number finds the plans that implement it.
  ["the resolution a plan implements", "tim-kiem/", "57-NQ/TW", "plans/bql-57-2026/index.html", 5],
  // Names as the documents write them, typed on the English page.
  ["a plan's Vietnamese title on /en/", "en/search/", "Kế hoạch hành động", "en/plans/12-kh-tu/index.html", 5],
  ["a period's Vietnamese label on /en/", "en/search/", "Quý I/2026", "en/periods/2026-Q1/index.html", 1],
  // An indicator by the person the document puts in charge of it.
  ["an indicator by its person in charge", "tim-kiem/", "giám đốc công an chữ ký số", "indicators/chu-ky-so-nguoi-dan/index.html", 1],
];

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failures = 0;
const fail = (msg) => {
  failures++;
  console.log(`FAIL ${msg}`);
};
// The result links of the page, as paths relative to the site, and the status line.
async function results(page) {
  await page.waitForFunction(
    () => {
      const s = document.getElementById("search-status").textContent;
      return s && !s.endsWith("…");
    },
    { timeout: 10000 },
  );
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    links: [...document.querySelectorAll("#search-results li a")].map((a) => a.href),
    titles: [...document.querySelectorAll("#search-results li a")].map((a) => a.textContent),
    kinds: [...document.querySelectorAll("#search-results li .r-kind")].map((s) => s.textContent),
    text: document.getElementById("search-results").textContent,
    marks: document.querySelectorAll("#search-results mark").length,
  }));
}
const rel = (href) => href.replace(origin + SUB, "").replace(origin + VI_ONLY, "").replace(origin + COMMON, "").replace(/^file:\/\/.*?\/site\//, "");
async function typeQuery(page, where, q, sub = SUB) {
  await page.goto(`${origin}${sub}${where}`, { waitUntil: "load" });
  await page.type("#search-q", q);
  await page.keyboard.press("Enter");
  return results(page);
}

try {
  const page = await browser.newPage();
  for (const [what, where, q, expected, within] of cases) {
    const r = await typeQuery(page, where, q);
    const at = r.links.map(rel).indexOf(expected);
    if (at < 0 || at >= within) fail(`${what}: “${q}” → ${expected} not in the top ${within}: ${r.links.slice(0, 5).map(rel).join(", ")}`);
    else console.log(`ok   ${what}: “${q}” → ${expected} at ${at + 1}`);
  }

  // Exact diacritics rank first: “số” and “sở” fold to the same letters.
  for (const [q, word] of [["số", "số"], ["sở", "sở"]]) {
    const r = await typeQuery(page, "tim-kiem/", q);
    const top = r.titles.slice(0, 5);
    if (top.length < 5 || !top.every((t) => t.toLowerCase().includes(word))) fail(`exact diacritics: “${q}” top five: ${top.join(" | ")}`);
    else console.log(`ok   exact diacritics: “${q}” top five all spell “${word}”`);
  }
  // What the search did with the words is said: a word no page has, keys read as Vietnamese,
  // and the pages that have only some of the words, under a line of their own.
  {
    const slip = await typeQuery(page, "tim-kiem/", "Sở Giáo dụch và Đào tạo");
    if (!slip.status.includes("“dụch”") || !slip.text.includes("“dụch”")) fail(`the left-out word is not said: ${slip.status}`);
    const telex = await typeQuery(page, "tim-kiem/", "sowr y tees");
    if (!telex.status.includes("“sở tế”")) fail(`Telex keys are not said as read: ${telex.status}`);
    const most = await typeQuery(page, "tim-kiem/", "giám đốc Sở Y tế");
    const partial = await page.$eval("#search-partial", (p) => [p.textContent, p.nextElementSibling.getAttribute("aria-labelledby")]).catch(() => null);
    if (!partial || partial[1] !== "search-partial" || !/Thêm \d+ trang/.test(most.status)) fail(`pages with some of the words: ${partial} | ${most.status}`);
    else console.log("ok   a left-out word, Telex keys and pages with some of the words are said");
  }
  // The results are styled as a list of results (no numbers, title apart from its kind), and
  // an empty search says what to do.
  {
    await typeQuery(page, "tim-kiem/", "so y te");
    const look = await page.$eval("#search-results li", (li) => ({
      list: getComputedStyle(li.parentElement).listStyleType,
      title: getComputedStyle(li.querySelector(".r-title")).fontWeight,
      text: li.textContent,
    }));
    if (look.list !== "none" || Number(look.title) < 600 || !/Sở Y tế Đơn vị/.test(look.text)) fail(`results look: ${JSON.stringify(look)}`);
    const empty = await typeQuery(page, "tim-kiem/", "");
    if (empty.status !== "Nhập từ cần tìm.") fail(`an empty search says: ${empty.status}`);
    else console.log("ok   results styled, and an empty search says what to do");
  }
  // Typed without diacritics, both spellings are found.
  {
    const r = await typeQuery(page, "tim-kiem/", "so");
    const spelled = new Set(r.titles.join(" ").toLowerCase().split(/[^\p{L}]+/u));
    if (!spelled.has("số") || !spelled.has("sở")) fail(`“so” finds only ${[...spelled].join(", ")}`);
    else console.log("ok   “so” finds both “số” and “sở”");
  }
  // Results carry kind, status, marks and an excerpt; kinds filter.
  {
    const r = await typeQuery(page, "tim-kiem/", "chuyen doi so");
    if (!r.kinds.includes("Chỉ tiêu") || !r.kinds.includes("Nhiệm vụ")) fail(`kinds shown: ${[...new Set(r.kinds)].join(", ")}`);
    if (r.marks < 3) fail(`only ${r.marks} highlighted words`);
    const badges = await page.$$eval("#search-results li .badge", (b) => b.length);
    if (badges === 0) fail("no status badge on indicator or task results");
    const live = await page.$eval("#search-status", (s) => s.getAttribute("role"));
    if (live !== "status") fail("results are not announced");
    await page.click("#search-kinds input[value=task]");
    await page.waitForFunction(() => [...document.querySelectorAll("#search-results .r-kind")].every((k) => k.textContent === "Nhiệm vụ"));
    const addr = new URL(page.url());
    if (addr.searchParams.get("kind") !== "task") fail(`the filter is not in the address: ${page.url()}`);
    console.log(`ok   kinds, statuses (${badges}), highlights (${r.marks}) and the task filter`);
  }
  // The page with results is accessible too (axe-core, WCAG 2.1 AA), at phone width: with
  // every word found, and with a left-out word and pages that have some of the words.
  for (const q of ["chuyen doi so", "giám đốc Sở Y tế dụch"]) {
    await page.setViewport({ width: 375, height: 900 });
    await typeQuery(page, "tim-kiem/", q);
    const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await page.evaluate(axe);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    for (const v of result.violations) fail(`a11y: “${q}”: ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")})`);
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    if (scrolls) fail(`the results page of “${q}” scrolls sideways at 375 px`);
    if (!result.violations.length && !scrolls) console.log(`ok   results of “${q}” are accessible at 375 px`);
    await page.setViewport({ width: 1280, height: 900 });
  }
  // No result says so in #search-results and suggests the lists.
  {
    const r = await typeQuery(page, "tim-kiem/", "xyzzyqw");
    const lists = await page.$$eval("#search-results a", (as) => as.map((a) => a.getAttribute("href")));
    if (!r.text.includes("Không có kết quả") || !lists.includes("../indicators/index.html")) fail(`no result: ${r.text} ${lists}`);
    else console.log("ok   no result says so and links the lists");
  }
  // Opened from the header box of another page, and with ?q= in the address.
  {
    await page.goto(`${origin}${SUB}plans/index.html`, { waitUntil: "load" });
    await page.type("#site-q", "dau tu");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    if (!page.url().startsWith(`${origin}${SUB}tim-kiem/index.html?q=dau+tu`)) fail(`header form went to ${page.url()}`);
    const r = await results(page);
    if (!r.links.map(rel).slice(0, 5).includes("units/bql-phong-dau-tu/index.html")) fail(`header “dau tu”: ${r.links.slice(0, 5).map(rel)}`);
    const value = await page.$eval("#search-q", (i) => i.value);
    if (value !== "dau tu") fail(`the query is not in the box: ${value}`);
    await page.goto(`${origin}${SUB}en/search/?q=science+and+technology`, { waitUntil: "load" });
    const en = await results(page);
    if (!en.links.map(rel).slice(0, 5).includes("en/units/so-khcn/index.html")) fail(`?q= on /en/: ${en.links.slice(0, 5).map(rel)}`);
    else console.log("ok   header box and ?q= in the address");
  }
  // A post written only in Vietnamese, found from the English search page: its link and excerpt
  // say their language (lang, and hreflang for the page it leads to); results in the page's own
  // language carry no such marking.
  {
    const marking = (p) =>
      p.$$eval("#search-results li", (lis) =>
        lis.map((li) => {
          const a = li.querySelector("a.r-title");
          const excerpt = li.querySelector(".r-excerpt");
          return { href: a.href, lang: a.getAttribute("lang"), hreflang: a.getAttribute("hreflang"), excerpt: excerpt && excerpt.getAttribute("lang") };
        }),
      );
    const post = "updates/2026-Q3/bao-cao-quy-3/index.html";
    const ownLanguage = (m) => rel(m.href).startsWith("en/");
    // A result in the page's language: its link unmarked; its excerpt marked only when it is
    // cut from the documents' Vietnamese (a task's output).
    const unmarked = (m) => m.lang === null && m.hreflang === null && (m.excerpt === null || (m.excerpt === "vi" && rel(m.href).includes("#t-")));
    // Words of its title that no name the English index holds in Vietnamese has.
    await typeQuery(page, "en/search/", "bài minh họa", VI_ONLY);
    const only = await marking(page);
    const found = only.find((m) => rel(m.href) === post);
    if (!found || only.indexOf(found) !== 0) fail(`vi-only post: “bài minh họa” on en/search/ → ${only.map((m) => rel(m.href)).slice(0, 5)}`);
    else if (found.lang !== "vi" || found.hreflang !== "vi" || found.excerpt !== "vi") fail(`vi-only post: marked ${JSON.stringify(found)}`);
    else console.log(`ok   vi-only post found from en/search/ by “bài minh họa”, marked lang="vi" hreflang="vi"`);
    // A word of both languages: the post among English pages, which are not marked.
    await typeQuery(page, "en/search/", "5G", VI_ONLY);
    const mixed = await marking(page);
    const inMixed = mixed.find((m) => rel(m.href) === post);
    const own = mixed.filter(ownLanguage);
    if (!inMixed || inMixed.lang !== "vi" || inMixed.hreflang !== "vi") fail(`“5G”: the vi-only post ${JSON.stringify(inMixed)}`);
    else if (own.length < 2 || !own.every(unmarked)) fail(`“5G”: English results marked: ${JSON.stringify(own.filter((m) => !unmarked(m)))} (${own.length} in English)`);
    else if (mixed.some((m) => !ownLanguage(m) && rel(m.href) !== post)) fail(`“5G”: other results outside en/: ${mixed.map((m) => rel(m.href))}`);
    else console.log(`ok   “5G” on en/search/: the vi-only post marked, ${own.length} English results unmarked`);
    // On the default site every page has its English version: no link is marked; a task's
    // output, which the documents give in Vietnamese only, is.
    await typeQuery(page, "en/search/", "5G");
    const all = await marking(page);
    if (!all.length || !all.every((m) => ownLanguage(m) && unmarked(m))) fail(`“5G” on the default site: ${JSON.stringify(all.filter((m) => !unmarked(m)))}`);
    else if (!all.some((m) => m.excerpt === "vi")) fail(`“5G” on the default site: no task's Vietnamese output marked: ${JSON.stringify(all)}`);
    else console.log(`ok   “5G” on the default site's en/search/: ${all.length} results, links unmarked, Vietnamese outputs marked`);
  }
  // A word on very many pages: its shard stays small; with a rarer word the query finds every
  // page, and alone it finds the pages where it weighs most and says so.
  {
    const fresh = await (await browser.createBrowserContext()).newPage();
    requests.length = 0;
    const alone = await typeQuery(fresh, "tim-kiem/", "thông báo", COMMON);
    const shards = requests.filter(([p]) => p.startsWith(`${COMMON}tim-kiem/index/s/`));
    const biggest = Math.max(...shards.map(([, b]) => b));
    const note = await fresh.$eval("#search-results", (r) => (r.querySelector(".search-note") || {}).textContent || "");
    if (!shards.length || biggest > 16000) fail(`“thông báo”: shards of ${shards.map(([, b]) => b)} bytes`);
    else if (alone.links.length === 0 || !alone.links.map(rel).some((l) => /^updates\/2026-Q3\/thong-bao-\d+\/index.html$/.test(l))) fail(`“thông báo”: ${alone.links.slice(0, 5).map(rel)}`);
    else if (!note.includes("Rất nhiều trang có “thông báo”")) fail(`“thông báo”: the note says “${note}”`);
    else console.log(`ok   “thông báo” on 2,200 more pages: shards of at most ${biggest} bytes, ${alone.status} and said why`);
    const rare = await typeQuery(fresh, "tim-kiem/", "thông báo hs1234", COMMON);
    const rareNote = await fresh.$eval("#search-results", (r) => (r.querySelector(".search-note") || {}).textContent || "");
    if (rel(rare.links[0] || "") !== "updates/2026-Q3/thong-bao-1234/index.html") fail(`“thông báo hs1234”: ${rare.links.slice(0, 3).map(rel)}`);
    else if (rareNote.includes("Rất nhiều trang")) fail(`“thông báo hs1234”: the note says “${rareNote}”`);
    else console.log("ok   “thông báo hs1234” finds its notice first, with no note");
    // Cut words alone: their kept records need not meet, so the pages with most of them come
    // first, never “no results”; and the note is said.
    const loose = await typeQuery(fresh, "tim-kiem/", "lịch tiếp công dân", COMMON);
    const looseNote = await fresh.$eval("#search-results", (r) => (r.querySelector(".search-note") || {}).textContent || "");
    if (!loose.links.map(rel).slice(0, 5).some((l) => l.startsWith("updates/2026-Q3/thong-bao-"))) fail(`“lịch tiếp công dân”: ${loose.links.slice(0, 5).map(rel)}`);
    else if (!looseNote.includes("Rất nhiều trang")) fail(`“lịch tiếp công dân”: the note says “${looseNote}”`);
    else console.log(`ok   “lịch tiếp công dân”, all of them cut: ${loose.status}`);
    // Punctuation alone is no query: said, with the lists to browse.
    await fresh.goto(`${origin}${COMMON}tim-kiem/?q=%3F`, { waitUntil: "load" });
    const none = await results(fresh);
    if (!none.status.includes("Không có kết quả")) fail(`“?”: the status says “${none.status}”`);
    else console.log("ok   “?” says there is nothing to find");
    // A beginning shared by words of more than 16 shards (hs0 … hs2199) is not expanded while
    // typed; two more letters narrow it to a few shards, and the word typed in full comes first.
    requests.length = 0;
    await fresh.goto(`${origin}${COMMON}tim-kiem/`, { waitUntil: "load" });
    await fresh.type("#search-q", "hs");
    await new Promise((r) => setTimeout(r, 800));
    const spread = requests.filter(([p]) => p.startsWith(`${COMMON}tim-kiem/index/s/hs`)).length;
    await fresh.type("#search-q", "12");
    await fresh.waitForFunction(() => document.getElementById("search-status").textContent.includes("hs12"), { timeout: 10000 });
    const narrowed = await results(fresh);
    const loaded = requests.filter(([p]) => p.startsWith(`${COMMON}tim-kiem/index/s/hs`)).length;
    if (spread > 1) fail(`“hs” while typing loaded ${spread} of its 20 shards`);
    else if (loaded < 1 || loaded > 16) fail(`“hs12” while typing loaded ${loaded} shards`);
    else if (rel(narrowed.links[0] || "") !== "updates/2026-Q3/thong-bao-12/index.html") fail(`“hs12”: ${narrowed.links.slice(0, 3).map(rel)}`);
    else console.log(`ok   “hs” while typing loads ${spread} of its 20 shards; “hs12” loads ${loaded} and finds its notice first`);
  }
  // Nothing is fetched from elsewhere, and a query loads only part of the index.
  {
    // A fresh browser context: nothing cached from the queries above.
    const fresh = await (await browser.createBrowserContext()).newPage();
    requests.length = 0;
    await typeQuery(fresh, "tim-kiem/", "so y te");
    // The index keeps its folder's name from build to build (`tim-kiem/index/`).
    const index = requests.filter(([p]) => p.startsWith(`${SUB}tim-kiem/index/`));
    const shards = index.filter(([p]) => p.includes("/s/"));
    const bytes = requests.reduce((n, [, b]) => n + b, 0);
    if (shards.length === 0) fail(`no shard of the index was loaded: ${requests.map(([p]) => p)}`);
    if (shards.length > 3) fail(`a three-word query loaded ${shards.length} shards`);
    if (requests.some(([p]) => !p.startsWith(SUB))) fail(`requests outside the site: ${requests.map(([p]) => p)}`);
    console.log(`ok   “so y te” loaded ${index.length} index files (${shards.length} shards), ${bytes} bytes with the page and script`);
    // A first letter typed alone loads no shard and says nothing yet; Enter searches for it.
    requests.length = 0;
    await fresh.goto(`${origin}${SUB}tim-kiem/`, { waitUntil: "load" });
    await fresh.type("#search-q", "t");
    await new Promise((r) => setTimeout(r, 600));
    const typed = requests.filter(([p]) => p.includes("/index/s/"));
    const quiet = await fresh.$eval("#search-status", (s) => s.textContent);
    if (typed.length || quiet) fail(`a first letter alone loaded ${typed.length} shard(s) and said “${quiet}”`);
    else console.log("ok   a first letter alone loads no shard");
    // A pasted page of text is not said back whole.
    const long = "chuyen doi so ".repeat(30);
    const said = await typeQuery(fresh, "tim-kiem/", long);
    if (said.status.length > 200) fail(`the status says back ${said.status.length} characters`);
  }
  // From disk (file://) too.
  {
    await page.goto(pathToFileURL(path.join(siteDir, "tim-kiem/index.html")).href + "?q=so+y+te", { waitUntil: "load" });
    const r = await results(page);
    if (rel(r.links[0] || "") !== "units/so-y-te/index.html") fail(`file://: ${r.links.slice(0, 3)}`);
    else console.log("ok   works from file://");
  }
  // Without JavaScript the page explains itself and links the lists.
  {
    const nojs = await browser.newPage();
    await nojs.setJavaScriptEnabled(false);
    await nojs.goto(`${origin}${SUB}tim-kiem/?q=so`, { waitUntil: "load" });
    const text = await nojs.$eval("main", (m) => m.innerText);
    if (!text.includes("JavaScript") || !text.includes("Kế hoạch")) fail(`without JavaScript: ${text}`);
    else console.log("ok   without JavaScript the page explains and links the lists");
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`search checks: ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
