using System.CommandLine;

namespace Renkei.Cli.Serve;

/// <summary>An option holding another node's base URL: absolute http or https, refused with the option's name otherwise.</summary>
internal static class UrlOption
{
    public static Option<Uri> Create(string name, string description, bool required)
    {
        var option = new Option<Uri>(name) { Description = description, Required = required };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<Uri?>() is { } u && (!u.IsAbsoluteUri || u.Scheme is not ("http" or "https")))
            {
                result.AddError($"{name} {u}: expected an absolute http or https URL, e.g. http://127.0.0.1:5200");
            }
        });
        return option;
    }

    /// <summary>The URL as a base address (ending in a slash).</summary>
    public static Uri Base(Uri url) => new(url.ToString().TrimEnd('/') + "/");
}
