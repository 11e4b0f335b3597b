// The style sheet every page shares, inlined in its head (one request less, no flash). Pages add
// their own rules through Layout's `styles`. Colours meet WCAG AA contrast on white: #161616 text,
// #3a3a3a secondary text, and the portal's primary colour only where the portal chose it.
export const BASE_STYLES = `
*{box-sizing:border-box}
body{margin:0;font-family:Marianne,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#161616;background:#fff;line-height:1.5}
a{color:var(--primary)}
a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #0a76f6;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
header.site{border-bottom:4px solid var(--primary);padding:.75rem 1.5rem;display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
header.site .brand{display:flex;align-items:center;gap:.75rem;font-weight:700;font-size:1.25rem;color:#161616;text-decoration:none}
header.site .brand img{max-height:3rem;width:auto}
header.site nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
header.site form.sign-out{margin:0}header.site form.sign-out button{background:none;color:var(--primary);padding:0;text-decoration:underline}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{font-size:2rem;margin:.5rem 0 1rem;line-height:1.2}
h2{font-size:1.5rem;margin:1.5rem 0 .75rem}
button,.button{display:inline-block;background:var(--primary);color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;font:inherit;cursor:pointer;text-decoration:none}
input[type=search],input[type=text],select{font:inherit;padding:.4rem .5rem;border:1px solid #666;border-radius:4px;max-width:100%}
label{font-weight:600}
.datasets{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.dataset{border:1px solid #ddd;border-left:4px solid var(--primary);padding:1rem;border-radius:4px}
.dataset h3{margin:0 0 .5rem;font-size:1.2rem}
.dataset dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
.dataset dt{color:#3a3a3a;font-weight:600}.dataset dd{margin:0}
.badge{display:inline-block;background:#fee9e6;color:#8c1d10;padding:0 .5rem;border-radius:4px;font-size:.875rem;margin-left:.5rem}
.table-wrap{position:relative;overflow-x:auto;max-width:100%}
.error-box{border-left:4px solid #ce0500;background:#fef4f4;padding:.75rem 1rem;margin:1rem 0}
footer.site{border-top:1px solid #ddd;padding:1rem 1.5rem;color:#3a3a3a;font-size:.9rem}
footer.site ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:0 0 .5rem;padding:0}
footer.site a{color:#3a3a3a}
`;
