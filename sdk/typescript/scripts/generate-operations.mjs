// Writes src/operations.ts from the committed OpenAPI document: one typed method per operation, grouped by the
// `group.verb` operationId (client.render.brief, client.audio.musicDownload, ...). Run by `npm run generate`;
// the Python test suite regenerates it into a temporary file and fails when the committed one differs.
import { readFileSync, writeFileSync } from "node:fs";

const [source, target] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(source, "utf8"));
const camel = (s) => s.replace(/[_-]([a-z0-9])/g, (_, c) => c.toUpperCase());
const groups = new Map();
for (const [path, item] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!["get", "post", "put", "patch", "delete"].includes(method) || !op.operationId) continue;
    const [group, verb] = op.operationId.split(".");
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    const json = op.requestBody?.content?.["application/json"] !== undefined;
    const multipart = op.requestBody?.content?.["multipart/form-data"] !== undefined;
    if (!groups.has(camel(group))) groups.set(camel(group), []);
    groups.get(camel(group)).push({ verb: camel(verb), method: method.toUpperCase(), path, params, query, json,
                                    multipart, summary: op.summary ?? "", id: op.operationId });
  }
}
const lines = [
  "// Generated from openapi/openapi.json by scripts/generate-operations.mjs: do not edit (npm run generate).",
  'import type { paths } from "./schema.js";',
  'import type { Caller, CallOptions, JsonBody, Query, Result } from "./types.js";',
  "",
  "export function operations(call: Caller) {",
  "  return {",
];
for (const [group, ops] of [...groups.entries()].sort()) {
  lines.push(`    ${group}: {`);
  for (const op of ops.sort((a, b) => a.verb.localeCompare(b.verb))) {
    const m = op.method.toLowerCase();
    const args = op.params.map((p) => `${camel(p)}: string`);
    if (op.json) args.push(`body: JsonBody<paths[${JSON.stringify(op.path)}][${JSON.stringify(m)}]>`);
    if (op.query.length) args.push(`query?: Query<paths[${JSON.stringify(op.path)}][${JSON.stringify(m)}]>`);
    args.push("options?: CallOptions");
    const path = op.path.replace(/\{(\w+)\}/g, (_, p) => "${encodeURIComponent(" + camel(p) + ")}");
    lines.push(`      /** ${op.summary.replace(/\*\//g, "* /")} (\`${op.method} ${op.path}\`, ${op.id}) */`);
    lines.push(`      ${op.verb}: (${args.join(", ")}) =>`);
    lines.push(`        call<Result<paths[${JSON.stringify(op.path)}][${JSON.stringify(m)}]>>(${JSON.stringify(op.method)}, ` +
               `\`${path}\`, { ${op.json ? "body, " : ""}${op.query.length ? "query, " : ""}...options }),`);
  }
  lines.push("    },");
}
lines.push("  };", "}", "");
writeFileSync(target, lines.join("\n"));
console.log(`${target}: ${[...groups.values()].reduce((n, g) => n + g.length, 0)} operations in ${groups.size} groups`);
