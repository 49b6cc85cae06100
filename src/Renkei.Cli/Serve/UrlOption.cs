using System.CommandLine;

namespace Renkei.Cli.Serve;

/// <summary>
/// An option holding another node's base URL: absolute http or https, refused with the option's name otherwise. Kept
/// as text and checked here, so the message names the option and shows an example.
/// </summary>
internal static class UrlOption
{
    public static Option<string?> Create(string name, string description, bool required)
    {
        var option = new Option<string?>(name) { Description = description, Required = required };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && TryParse(text) is null)
            {
                result.AddError($"{name} {text}: expected an absolute http or https URL, e.g. http://127.0.0.1:5200");
            }
        });
        return option;
    }

    /// <summary>The URL as a base address (ending in a slash), or null when it is not an absolute http or https URL.</summary>
    public static Uri? TryParse(string? text) =>
        text is not null && Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;

    /// <summary>The URL of a validated option as a base address (ending in a slash).</summary>
    public static Uri Base(string? text) => TryParse(text) ?? throw new ArgumentException($"'{text}' is not an http or https URL", nameof(text));
}
