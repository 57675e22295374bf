// Builds the site into dist/: each page from src/ with the version and the
// build date filled in.
const fs = require("fs");
const path = require("path");

const version = require("./package.json").version;
const built = new Date().toISOString().slice(0, 10);
fs.rmSync("dist", { recursive: true, force: true });
fs.mkdirSync("dist");
for (const name of fs.readdirSync("src")) {
  const page = fs.readFileSync(path.join("src", name), "utf8");
  fs.writeFileSync(
    path.join("dist", name),
    page.replaceAll("{{version}}", version).replaceAll("{{built}}", built)
  );
}
console.log(`built ${fs.readdirSync("dist").length} pages into dist/`);
