// Measures what a reader on a phone gets, in headless Chromium at 320, 375 and 1280 px:
// the smallest rendered text of every visible chart (CSS px), chart labels that overlap, pages
// that scroll sideways, images wider than the screen (even inside a box that scrolls on its
// own) and images that did not load, tables' titles squeezed narrower than their table, words
// of tables' headings broken inside the word, and each page's height. Prints one JSON object
// per page and width.
// Usage: node phone.mjs SITE_DIR PAGE...   (pages relative to SITE_DIR)
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || pages.length === 0) {
  console.error("usage: node phone.mjs SITE_DIR PAGE...");
  process.exit(2);
}
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const width of [320, 375, 1280]) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    for (const p of pages) {
      await page.goto(pathToFileURL(path.join(siteDir, p)).href, { waitUntil: "load" });
      const result = await page.evaluate(() => {
        const charts = [];
        for (const svg of document.querySelectorAll("svg[role=img]")) {
          const box = svg.getBoundingClientRect();
          if (box.width === 0 || box.height === 0) continue; // the layout for other screens
          const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() !== "");
          let smallest = null;
          const boxes = [];
          for (const t of texts) {
            const ctm = t.getScreenCTM();
            const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
            if (smallest === null || size < smallest) smallest = size;
            const r = t.getBoundingClientRect();
            boxes.push({ text: t.textContent.trim(), l: r.left, t: r.top, r: r.right, b: r.bottom });
          }
          const overlaps = [];
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              // A pixel of slack: glyph boxes include some empty space.
              if (a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1) overlaps.push(`${a.text} × ${b.text}`);
            }
          }
          const id = svg.getAttribute("aria-labelledby") || svg.getAttribute("class");
          charts.push({ id, texts: texts.length, smallest, overlaps, width: box.width });
        }
        const height = document.documentElement.scrollHeight;
        // The same page with every folded section opened.
        for (const d of document.querySelectorAll("details")) d.open = true;
        const openHeight = document.documentElement.scrollHeight;
        // Images (a text's pictures, the lists' small charts) that reach past the screen, folded
        // sections opened.
        const screen = document.documentElement.clientWidth;
        const wideImages = [];
        const brokenImages = [];
        for (const img of document.querySelectorAll("img")) {
          if (img.complete && img.naturalWidth === 0) brokenImages.push(img.getAttribute("src"));
          const r = img.getBoundingClientRect();
          if (r.width === 0) continue;
          if (r.width > screen + 1 || r.right > screen + 1) {
            wideImages.push({ src: img.getAttribute("src"), width: r.width, right: r.right });
          }
        }
        // Tables' visible titles squeezed narrower than their table (a word a line): a table that
        // becomes blocks on a phone left its caption the width of its longest word.
        const narrowCaptions = [];
        for (const c of document.querySelectorAll("caption")) {
          const r = c.getBoundingClientRect();
          const t = c.closest("table").getBoundingClientRect();
          if (r.width > 2 && getComputedStyle(c).position !== "absolute" && r.width < 0.8 * t.width) {
            narrowCaptions.push({ text: c.textContent.trim().slice(0, 60), width: r.width, table: t.width });
          }
        }
        // Words of tables' headings broken across lines inside the word ("Điể" / "m"), not at a
        // space or a hyphen: a column squeezed narrower than its heading's words.
        const brokenWords = [];
        for (const th of document.querySelectorAll("thead th")) {
          if (th.getBoundingClientRect().width === 0) continue;
          const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const m of node.data.matchAll(/[^\s\-‐–—\/]+/g)) {
              const range = document.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) brokenWords.push(m[0]);
            }
          }
        }
        return {
          brokenWords,
          charts,
          narrowCaptions,
          openHeight,
          scrollsSideways: document.documentElement.scrollWidth > window.innerWidth + 1,
          wideImages,
          brokenImages,
          height,
        };
      });
      console.log(JSON.stringify({ page: p, width, ...result }));
    }
    await page.close();
  }
} finally {
  await browser.close();
}
