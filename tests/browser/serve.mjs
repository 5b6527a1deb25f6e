// `minhbach serve` seen from headless Chromium: a folder's address without its slash is
// redirected and the page then works (its stylesheet, its search index); a missing address
// shows the nearest folder's 404 page, styled, whose links lead to real pages, and clicking its
// menu goes there. Run against the default site (base_url with a path) by tests/serve_addresses.rs.
// Usage: node serve.mjs ORIGIN   (e.g. http://127.0.0.1:41234)
import puppeteer from "puppeteer-core";

const origin = process.argv[2];
if (!origin) {
  console.error("usage: node serve.mjs ORIGIN");
  process.exit(2);
}
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

// Whether the page's stylesheet was loaded from the site and applied.
const styled = (page) =>
  page.evaluate(() => {
    const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith("/static/style.css"));
    return Boolean(sheet && sheet.cssRules.length > 10);
  });

// Every link of the page that stays on the preview (not those within the page, `#main`),
// fetched by the page itself: those that do not answer 200.
const brokenLinks = (page) =>
  page.evaluate(async (origin) => {
    const links = [...document.querySelectorAll("a[href], link[href]")]
      .filter((a) => !a.getAttribute("href").startsWith("#"))
      .map((a) => a.href.split("#")[0])
      .filter((href) => href.startsWith(origin + "/"));
    const broken = [];
    for (const href of new Set(links)) {
      const r = await fetch(href, { cache: "no-store" });
      if (r.status !== 200) broken.push(`${href} (${r.status})`);
    }
    return { count: new Set(links).size, broken };
  }, origin);

try {
  const page = await browser.newPage();

  // 1. A folder without its slash: one 301, then the folder's page with its stylesheet.
  for (const [asked, landed] of [
    ["/indicators", "/indicators/"],
    ["/en/plans/bql-57-2026", "/en/plans/bql-57-2026/"],
  ]) {
    const response = await page.goto(origin + asked, { waitUntil: "load" });
    const chain = response.request().redirectChain();
    const first = chain[0] && chain[0].response();
    if (!first || first.status() !== 301 || chain.length !== 1) fail(`${asked}: redirects ${chain.map((r) => r.response()?.status())}`);
    else if (page.url() !== origin + landed || response.status() !== 200) fail(`${asked} → ${page.url()} (${response.status()})`);
    else if (!(await styled(page))) fail(`${asked} → ${landed}: the stylesheet did not load`);
    else console.log(`ok   ${asked} → 301 → ${landed}, styled`);
  }
  // The search page asked for without its slash keeps its query and finds: its index is read
  // from its own folder.
  {
    await page.goto(`${origin}/en/search?q=department+of+finance`, { waitUntil: "load" });
    if (page.url() !== `${origin}/en/search/?q=department+of+finance`) fail(`search redirected to ${page.url()}`);
    await page.waitForFunction(
      () => {
        const s = document.getElementById("search-status").textContent;
        return s && !s.endsWith("…");
      },
      { timeout: 10000 },
    );
    const links = await page.$$eval("#search-results li a", (as) => as.map((a) => a.href));
    if (!links.slice(0, 5).includes(`${origin}/en/units/so-tai-chinh/index.html`)) fail(`search without its slash: ${links.slice(0, 5)}`);
    else console.log("ok   /en/search?q=… → /en/search/?q=…, results found");
  }

  // 2. Missing addresses: the nearest folder's 404 page, styled, every link answered, and its
  // menu leads to the right folder's page.
  for (const [asked, lang, menuTarget] of [
    ["/khong-co/trang/nay", "vi", "/indicators/index.html"],
    ["/en/indicators/khong-co/", "en", "/en/indicators/index.html"],
    // In the 404 page's own folder, where it is served as written but for its links.
    ["/en/khong-co", "en", "/en/indicators/index.html"],
    ["/archive/2026-Q2/khong-co/", "vi", "/archive/2026-Q2/indicators/index.html"],
  ]) {
    const response = await page.goto(origin + asked, { waitUntil: "load" });
    const problems = [];
    if (response.status() !== 404) problems.push(`status ${response.status()}`);
    if (page.url() !== origin + asked) problems.push(`moved to ${page.url()}`);
    const docLang = await page.$eval("html", (h) => h.lang);
    if (docLang !== lang) problems.push(`lang ${docLang}`);
    if (!(await styled(page))) problems.push("the stylesheet did not load");
    const { count, broken } = await brokenLinks(page);
    if (count < 10) problems.push(`only ${count} links`);
    if (broken.length) problems.push(`broken links: ${broken.join(", ")}`);
    const menu = await page.$$eval(".main-nav a", (as) => as.map((a) => a.href));
    const indicators = menu.find((href) => href.endsWith("indicators/index.html"));
    if (indicators !== origin + menuTarget) problems.push(`the menu's indicators link is ${indicators}`);
    else {
      const [nav] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`.main-nav a[href$="indicators/index.html"]`)]);
      if (nav.status() !== 200 || page.url() !== origin + menuTarget) problems.push(`clicking the menu went to ${page.url()} (${nav.status()})`);
      else if (!(await styled(page))) problems.push("the page the menu leads to is not styled");
    }
    if (problems.length) fail(`${asked}: ${problems.join("; ")}`);
    else console.log(`ok   ${asked} → 404 (${lang}), styled, ${count} links answer 200, menu → ${menuTarget}`);
  }
} finally {
  await browser.close();
}
console.log(`serve checks: ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
