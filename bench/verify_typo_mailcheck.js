// verify_typo_mailcheck.js - mailcheck (npm) on the same list as
// bench_typo: prints "domain<TAB>suggestion" ('-' for none), then the time
// of REPEAT passes on stderr.  Usage: node verify_typo_mailcheck.js FILE [REPEAT]
"use strict";
const fs = require("fs");
const M = require("mailcheck");
const file = process.argv[2];
const repeat = parseInt(process.argv[3] || "1000", 10);
const domains = fs.readFileSync(file, "utf8").split("\n")
    .filter(l => l && !l.startsWith("#")).map(l => l.split("\t")[0]);
const suggest = d => M.suggest("jane@" + d, M.defaultDomains, M.defaultSecondLevelDomains,
                               M.defaultTopLevelDomains);
for (const d of domains) {
    const s = suggest(d);
    process.stdout.write(d + "\t" + (s ? s.domain : "-") + "\n");
}
const t0 = process.hrtime.bigint();
let found = 0;
for (let r = 0; r < repeat; r++)
    for (const d of domains)
        if (suggest(d)) found++;
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
process.stderr.write(`mailcheck: ${repeat * domains.length} lookups in ${secs.toFixed(3)} s = ` +
                     `${Math.round(repeat * domains.length / secs)} domains/s\n`);
