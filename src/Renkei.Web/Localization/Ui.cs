using Microsoft.AspNetCore.Http;
using Renkei.Hosting.Http;

namespace Renkei.Web.Localization;

/// <summary>
/// The language of the current request (cookie <c>renkei-lang</c> by choice, else the browser's <c>Accept-Language</c>,
/// else <c>ja</c>) and its labels. Pages write <c>@Ui["key"]</c>.
/// </summary>
internal sealed class Ui(IHttpContextAccessor accessor)
{
    public const string Cookie = "renkei-lang";

    public Lang Lang => Of(accessor.HttpContext);

    public string Code => Lang == Lang.En ? "en" : "ja";

    public string this[string key] => Text(key, Lang);

    /// <summary>The cookie's choice; without one, the browser's <c>Accept-Language</c> (English if preferred to Japanese); else Japanese.</summary>
    public static Lang Of(HttpContext? context)
    {
        if (context is null)
        {
            return Lang.Ja;
        }

        if (context.Request.Cookies.TryGetValue(Cookie, out var value))
        {
            return value == "en" ? Lang.En : Lang.Ja;
        }

        return ScreenLanguage.Preferred(context.Request) == "en" ? Lang.En : Lang.Ja;
    }

    public static string Text(string key, Lang lang) =>
        Labels.All.TryGetValue(key, out var label) ? (lang == Lang.En ? label.En : label.Ja) : key;

    /// <summary>The label if defined, else <paramref name="fallback"/> (for codes the API may add later).</summary>
    public string Or(string key, string fallback) => Labels.All.ContainsKey(key) ? this[key] : fallback;
}
