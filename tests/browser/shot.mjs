import puppeteer from "puppeteer-core";
const [file, out, width, clipH] = process.argv.slice(2);
const b = await puppeteer.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
const p = await b.newPage();
await p.setViewport({ width: +width, height: +(clipH || 900) });
await p.goto("file://" + file);
await p.screenshot({ path: out, fullPage: false });
await b.close();
