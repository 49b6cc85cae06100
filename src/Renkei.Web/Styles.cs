namespace Renkei.Web;

/// <summary>The one style sheet (served at <c>/site.css</c>; no inline styles, so the CSP needs no exception).</summary>
internal static class Styles
{
    public const string Css = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d5dae3; --accent: #0b5cad; --bad: #b3261e; --ok: #1f7a3a; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; color: var(--ink); background: #f6f7f9; font-size: 15px; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0b400; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 9; }
        header.top { background: #12325b; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
        header.top a { color: #fff; }
        header.top .brand { font-weight: 700; margin-right: auto; }
        header.top .who { font-size: 13px; opacity: .9; }
        nav.menu { background: #e6ebf2; padding: 6px 16px; display: flex; gap: 14px; flex-wrap: wrap; }
        main { padding: 16px; max-width: 1200px; }
        h1 { font-size: 22px; margin: 4px 0 14px; } h2 { font-size: 18px; margin: 20px 0 8px; }
        form.stack { display: grid; gap: 10px; max-width: 640px; background: #fff; padding: 14px; border: 1px solid var(--line); border-radius: 6px; }
        form.inline { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; background: #fff; padding: 10px; border: 1px solid var(--line); border-radius: 6px; }
        label { font-weight: 600; display: block; margin-bottom: 2px; }
        .hint { color: var(--muted); font-size: 13px; font-weight: 400; }
        input[type=text], input[type=password], input[type=date], input[type=number], select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #9aa3b2; border-radius: 4px; width: 100%; }
        input[aria-invalid=true] { border-color: var(--bad); background: #fff6f5; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 10px; display: grid; gap: 10px; }
        legend { font-weight: 700; }
        .check label { display: inline; font-weight: 400; }
        button { font: inherit; padding: 7px 16px; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
        button.secondary { background: #5b6475; }
        .field-error { color: var(--bad); font-size: 13px; display: block; }
        .alert { border: 1px solid var(--bad); background: #fff6f5; color: var(--bad); padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
        .warn { border: 1px solid #b26a00; background: #fff8e6; color: #7a4a00; padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
        .notice { border: 1px solid var(--ok); background: #f1fbf4; color: var(--ok); padding: 8px 12px; border-radius: 4px; margin: 8px 0; }
        table { border-collapse: collapse; background: #fff; width: 100%; margin: 6px 0 12px; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; font-size: 14px; vertical-align: top; }
        th { background: #eef1f6; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e6ebf2; }
        .badge.s05, .badge.s06, .badge.r02, .badge.r04 { background: #dcf3e3; color: var(--ok); }
        .badge.s09, .badge.r03, .badge.r05, .badge.r06 { background: #fde7e5; color: var(--bad); }
        .ok { color: var(--ok); } .bad { color: var(--bad); } .muted { color: var(--muted); }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
        .card .v { font-size: 22px; font-weight: 700; }
        .chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; overflow-x: auto; }
        .chart svg { display: block; }
        .legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 13px; margin: 4px 0; }
        .sw { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin-right: 4px; border-radius: 2px; }
        .q-actual { background: #2f6fb3; fill: #2f6fb3; } .q-estimated { background: #e0a100; fill: #e0a100; } .q-missing { background: #9aa3b2; fill: #9aa3b2; } .q-invalid { background: #b3261e; fill: #b3261e; }
        pre { background: #fff; border: 1px solid var(--line); padding: 8px; overflow-x: auto; }
        .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
        code.wrap { overflow-wrap: anywhere; }
        """;
}
