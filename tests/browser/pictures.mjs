// Decodes pictures as a browser does, in headless Chromium: for each file, its size and a
// digest of its pixels' colours (FNV-1a over red, green and blue, row by row), or the error.
// Prints one JSON object per file.
// Usage: node pictures.mjs FILE...
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node pictures.mjs FILE...");
  process.exit(2);
}
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--allow-file-access-from-files"],
});
try {
  const page = await browser.newPage();
  // A page of the same origin as the pictures, so a canvas may read them back.
  await page.goto(pathToFileURL(files[0]).href + "?page", { waitUntil: "load" });
  for (const file of files) {
    const result = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      try {
        await img.decode();
      } catch (e) {
        return { error: String(e) };
      }
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext("2d", { colorSpace: "srgb" });
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let h = 0x811c9dc5;
      for (let i = 0; i < data.length; i += 4) {
        for (let c = 0; c < 3; c++) {
          h ^= data[i + c];
          h = Math.imul(h, 0x01000193) >>> 0;
        }
      }
      return { width: img.naturalWidth, height: img.naturalHeight, digest: h };
    }, pathToFileURL(file).href);
    console.log(JSON.stringify({ file, ...result }));
  }
} finally {
  await browser.close();
}
