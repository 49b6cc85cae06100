using System.Globalization;
using Renkei.Formats.Market;

namespace Renkei.Cli.RetailerApi;

/// <summary>
/// <c>renkei retailer slot --format xml --validate</c>: checks what the gateway sent against the market schema
/// (<see cref="MarketXmlSchema"/>) and prints each error with its line and position on stderr.
/// </summary>
internal static class MarketXmlCheck
{
    /// <summary>0 when <paramref name="document"/> is valid (said on stderr), else 1 after one line per error.</summary>
    public static async Task<int> ReportAsync(Stream document, string source, TextWriter error)
    {
        var errors = MarketXmlSchema.Validate(document);
        if (errors.Count == 0)
        {
            await error.WriteLineAsync($"{source}: valid against the market schema").ConfigureAwait(false);
            return 0;
        }

        foreach (var e in errors)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{source}: line {e.Line}, position {e.Position}: {e.Message}")).ConfigureAwait(false);
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{source}: {errors.Count} schema error(s)")).ConfigureAwait(false);
        return 1;
    }
}
