'use strict';
// Parse-only verdicts of Microsoft's Kusto.Language parser, for oracle_test.go.
// usage: KUSTO_ORACLE_HOME=... node syntax_oracle.js CASES.jsonl  (lines {id, query})
// prints one line {id, errors: ["offset: message", ...]} per case.
const fs = require('fs');
const path = require('path');
const home = process.env.KUSTO_ORACLE_HOME;
const pkg = path.join(home, 'node_modules', '@kusto', 'language-service-next');
require(path.join(pkg, 'bridge.js'));
require(path.join(pkg, 'Kusto.Language.Bridge.js'));
const K = Kusto.Language;
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { id, query } = JSON.parse(line);
  const code = K.KustoCode.Parse(query);
  const ds = code.Syntax.GetContainedDiagnostics();
  const errors = [];
  for (let i = 0; i < ds.Count; i++) { const d = ds.getItem(i); errors.push(d.Start + ': ' + d.Message); }
  process.stdout.write(JSON.stringify({ id, errors }) + '\n');
}
