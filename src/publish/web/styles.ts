/**
 * The site's style sheet, served as a file by `stylesheet.ts` and linked from every page. Colours keep
 * at least 4.5:1 contrast against their backgrounds; layout is one readable column that
 * works on a phone.
 */
export const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
a{color:#0b4fa8}
a:visited{color:#5b2a86}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem}
header.site,footer.site{background:#f3f4f6;border-bottom:1px solid #d1d5db}
footer.site{border-top:1px solid #d1d5db;border-bottom:0;margin-top:3rem;font-size:.9rem}
.wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem;padding-top:.6rem;padding-bottom:.6rem}
.brand{font-weight:700;font-size:1.15rem;color:#1a1a1a;text-decoration:none}
nav.site ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
main{display:block;padding-top:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem}
.counters{font-size:1.05rem;background:#eef2ff;border-left:4px solid #1d4ed8;padding:.6rem .9rem}
.notice{background:#fff7ed;border:1px solid #c2410c;padding:.8rem 1rem}
.error{background:#fef2f2;border:1px solid #b91c1c;padding:.8rem 1rem}
ul.items{list-style:none;padding:0;margin:0}
ul.items li{padding:.7rem 0;border-bottom:1px solid #e5e7eb}
.meta{color:#4b5563;font-size:.9rem}
.item-title{font-weight:600}
.snippet{margin:.3rem 0 0}
mark{background:#fde68a;color:#1a1a1a;padding:0 .1em}
form.search{display:grid;gap:.6rem;margin:1rem 0;grid-template-columns:1fr}
form.search .row{display:flex;flex-wrap:wrap;gap:.6rem}
form.search label{display:flex;flex-direction:column;font-size:.9rem;font-weight:600;gap:.2rem}
input,select,button{font:inherit;padding:.4rem .5rem;border:1px solid #6b7280;border-radius:4px;background:#fff;color:#1a1a1a}
button{background:#1d4ed8;color:#fff;border-color:#1d4ed8;cursor:pointer;align-self:end}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 1.2rem}
dl.facts dt{font-weight:600;color:#374151}
dl.facts dd{margin:0}
.ground-rules{background:#fefce8;border:2px solid #a16207;padding:.7rem 1rem;font-weight:600;margin:0 0 1.2rem}
.ground-rules p{margin:0}
.versions{font-size:.9rem}
.body p{margin:0 0 1rem}
.transcript{margin-top:1rem}
.turn{border-left:4px solid #6b7280;padding:.3rem 0 .3rem .9rem;margin:0 0 1rem}
.turn .speaker{margin:0 0 .3rem;font-weight:700}
.turn .speaker .who{font-weight:400;color:#374151}
.role{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:#fff;border-radius:3px;padding:0 .35rem;margin-left:.4rem;vertical-align:middle}
.turn p{margin:0 0 .6rem}
.role-official{border-color:#1d4ed8}.role-official .role{background:#1d4ed8}
.role-moderator{border-color:#6b21a8}.role-moderator .role{background:#6b21a8}
.role-operator{border-color:#4b5563}.role-operator .role{background:#4b5563}
.role-questioner{border-color:#b45309;background:#fffbeb}.role-questioner .role{background:#92400e}
.role-interpreter{border-color:#047857}.role-interpreter .role{background:#047857}
.role-other{border-color:#374151}.role-other .role{background:#374151}
.event{font-style:italic;color:#4b5563}
.preamble{border-bottom:1px solid #d1d5db;margin:0 0 1rem;padding-bottom:.4rem}
.preamble p{margin:0 0 .6rem}
.editorial{font-size:.9rem;margin:0 0 1.2rem}
fieldset.scope{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center}
fieldset.scope legend{font-size:.9rem;font-weight:600;padding:0;margin-right:.5rem;float:left}
form.search fieldset.scope label{flex-direction:row;font-weight:400;align-items:center}
ul.questions{list-style:none;padding:0;margin:0}
ul.questions li{padding:.7rem 0;border-bottom:1px solid #e5e7eb}
.qtext{margin:.3rem 0 0}
.atext{margin:.3rem 0 0;color:#374151}
.qindex ol{padding-left:1.4rem}
.qindex li{margin:.3rem 0}
.sections{columns:2 14rem;padding-left:1.2rem}
@media (prefers-color-scheme:dark){
body{background:#111827;color:#f3f4f6}
a{color:#93c5fd}a:visited{color:#d8b4fe}
header.site,footer.site{background:#1f2937;border-color:#374151}
.brand{color:#f3f4f6}
.meta,.event,.turn .speaker .who,dl.facts dt{color:#d1d5db}
.counters{background:#1e293b}
.notice{background:#292524}.error{background:#3f1d1d}
.ground-rules{background:#2a2410}
.role-questioner{background:#2a2110}
ul.items li,ul.questions li{border-color:#374151}
.atext{color:#d1d5db}
input,select{background:#1f2937;color:#f3f4f6}
}
`.replace(/\n/g, "");
