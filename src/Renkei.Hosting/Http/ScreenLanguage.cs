using Microsoft.AspNetCore.Http;

namespace Renkei.Hosting.Http;

/// <summary>
/// The language a browser prefers of the two the screens and the gateway's log-in page speak: the first Japanese or
/// English range of its <c>Accept-Language</c> by quality (<c>ja</c>, <c>ja-JP</c>, <c>en</c>, <c>en-GB</c> …).
/// </summary>
public static class ScreenLanguage
{
    /// <summary><c>"en"</c> or <c>"ja"</c> for a language tag of either, else null.</summary>
    public static string? Of(string? tag) =>
        tag is null ? null
        : tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase) ? "en"
        : tag.Equals("ja", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("ja-", StringComparison.OrdinalIgnoreCase) ? "ja"
        : null;

    /// <summary>The browser's preferred of <c>"ja"</c> and <c>"en"</c>, or null when its <c>Accept-Language</c> names neither.</summary>
    public static string? Preferred(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var range in request.GetTypedHeaders().AcceptLanguage.Where(r => (r.Quality ?? 1) > 0).OrderByDescending(r => r.Quality ?? 1))
        {
            if (Of(range.Value.Value) is { } language)
            {
                return language;
            }
        }

        return null;
    }
}
