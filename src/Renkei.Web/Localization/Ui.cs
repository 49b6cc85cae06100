using Microsoft.AspNetCore.Http;

namespace Renkei.Web.Localization;

/// <summary>
/// The language of the current request (cookie <c>renkei-lang</c>: <c>ja</c> by default, <c>en</c> by choice) and
/// its labels. Pages write <c>@Ui["key"]</c>.
/// </summary>
internal sealed class Ui(IHttpContextAccessor accessor)
{
    public const string Cookie = "renkei-lang";

    public Lang Lang => Of(accessor.HttpContext);

    public string Code => Lang == Lang.En ? "en" : "ja";

    public string this[string key] => Text(key, Lang);

    public static Lang Of(HttpContext? context) =>
        context is not null && context.Request.Cookies.TryGetValue(Cookie, out var value) && value == "en" ? Lang.En : Lang.Ja;

    public static string Text(string key, Lang lang) =>
        Labels.All.TryGetValue(key, out var label) ? (lang == Lang.En ? label.En : label.Ja) : key;

    /// <summary>The label if defined, else <paramref name="fallback"/> (for codes the API may add later).</summary>
    public string Or(string key, string fallback) => Labels.All.ContainsKey(key) ? this[key] : fallback;
}
