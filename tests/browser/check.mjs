// Checks a built site the way real clients see it: the Nu Html Checker validates the HTML, and
// axe-core reports WCAG 2.1 AA violations in headless Chromium at phone and desktop widths.
// Usage: node check.mjs SITE_DIR PAGE...   (pages relative to SITE_DIR)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || pages.length === 0) {
  console.error("usage: node check.mjs SITE_DIR PAGE...");
  process.exit(2);
}
const files = pages.map((p) => path.join(siteDir, p));
let failures = 0;

// 1. HTML validity.
const vnu = path.join(path.dirname(require.resolve("vnu-jar")), "build/dist/vnu.jar");
let report;
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...files], { stdio: ["ignore", "pipe", "pipe"] });
  report = { messages: [] };
} catch (e) {
  report = JSON.parse(e.stderr.toString() || "{\"messages\":[]}");
}
for (const m of report.messages.filter((m) => m.type === "error")) {
  failures++;
  console.log(`html: ${path.relative(siteDir, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
}

// 2. Accessibility at 375 px and 1280 px.
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const width of [375, 1280]) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    for (const file of files) {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      for (const v of result.violations) {
        failures++;
        const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
        console.log(`a11y@${width}: ${path.relative(siteDir, file)}: ${v.id}: ${v.help} (${where})`);
      }
      const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      if (scrolls) {
        failures++;
        console.log(`layout@${width}: ${path.relative(siteDir, file)}: the page scrolls sideways`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`browser checks: ${files.length} pages, ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
