// Bundles the console into OUTDIR (default dist/): app-<hash>.js and app-<hash>.css, index.html
// naming them, and files.txt listing every file (the gateway serves those names and no others).
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const outdir = process.argv[2] ?? "dist";
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  entryNames: "app-[hash]",
  outdir,
  metafile: true,
  logLevel: "warning",
});
const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outputs.find((f) => f.endsWith(".js"));
const css = outputs.find((f) => f.endsWith(".css"));
if (!js || !css) throw new Error(`expected one .js and one .css output, got ${outputs}`);
const html = readFileSync("index.html", "utf8").replace("%JS%", js).replace("%CSS%", css);
writeFileSync(join(outdir, "index.html"), html);
writeFileSync(join(outdir, "files.txt"), ["index.html", ...outputs].join("\n") + "\n");
console.log(`console built into ${outdir}: ${["index.html", ...outputs].join(", ")}`);
