// Copies the pinned front-end assets into satudata/static/vendor and writes a manifest
// (package, version, licence, sha256) so that neither CI nor production needs node.
// Update: edit package.json, `npm install --ignore-scripts`, `node copy.mjs`, commit the result.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const dest = join("..", "satudata", "static", "vendor");
const files = [
  ["bootstrap", "dist/css/bootstrap.min.css", "bootstrap/bootstrap.min.css"],
  ["bootstrap", "dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"],
  ["htmx.org", "dist/htmx.min.js", "htmx/htmx.min.js"],
  ["tabulator-tables", "dist/js/tabulator.min.js", "tabulator/tabulator.min.js"],
  ["tabulator-tables", "dist/css/tabulator_bootstrap5.min.css", "tabulator/tabulator_bootstrap5.min.css"],
  // ECharts is Apache-2.0: its LICENSE and NOTICE travel with it, and the full build bundles
  // ZRender (BSD-3-Clause) and code from d3 (BSD-3-Clause), whose licences go along too.
  ["echarts", "dist/echarts.min.js", "echarts/echarts.min.js"],
  ["echarts", "LICENSE", "echarts/LICENSE"],
  ["echarts", "NOTICE", "echarts/NOTICE"],
  ["echarts", "licenses/LICENSE-d3", "echarts/LICENSE-d3"],
  ["zrender", "LICENSE", "echarts/LICENSE-zrender"],
];
const manifest = [];
for (const [pkg, from, to] of files) {
  const meta = JSON.parse(readFileSync(join("node_modules", pkg, "package.json"), "utf8"));
  const target = join(dest, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join("node_modules", pkg, from), target);
  const sha256 = createHash("sha256").update(readFileSync(target)).digest("hex");
  manifest.push({ package: pkg, version: meta.version, license: meta.license, file: to, sha256 });
}
writeFileSync(join(dest, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`copied ${manifest.length} files to ${dest}`);

// axe-core (MPL-2.0) checks accessibility in the browser tests only: it goes beside the tests,
// never into the static files the site serves.
const testDest = join("..", "tests", "e2e", "vendor");
const testFiles = [
  ["axe-core", "axe.min.js", "axe.min.js"],
  ["axe-core", "LICENSE", "LICENSE-axe-core"],
];
mkdirSync(testDest, { recursive: true });
const testManifest = [];
for (const [pkg, from, to] of testFiles) {
  const meta = JSON.parse(readFileSync(join("node_modules", pkg, "package.json"), "utf8"));
  copyFileSync(join("node_modules", pkg, from), join(testDest, to));
  const sha256 = createHash("sha256").update(readFileSync(join(testDest, to))).digest("hex");
  testManifest.push({ package: pkg, version: meta.version, license: meta.license, file: to, sha256 });
}
writeFileSync(join(testDest, "manifest.json"), JSON.stringify(testManifest, null, 2) + "\n");
console.log(`copied ${testManifest.length} files to ${testDest}`);
