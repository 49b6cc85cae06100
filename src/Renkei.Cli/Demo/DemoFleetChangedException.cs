using System.Globalization;
using System.Text.RegularExpressions;

namespace Renkei.Cli.Demo;

/// <summary>
/// A data folder that holds a demo of another fleet size (<c>--meters</c>): starting would replace its read log and
/// market, so the demo refuses, naming the difference, unless <c>--reset</c> asks for exactly that.
/// </summary>
public sealed partial class DemoFleetChangedException : Exception
{
    public DemoFleetChangedException()
    {
    }

    public DemoFleetChangedException(string message)
        : base(message)
    {
    }

    public DemoFleetChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws when the folder's fleet marker (<paramref name="marker"/>, null: none) names another meter count than <paramref name="meters"/> and <paramref name="reset"/> is false.</summary>
    internal static void ThrowIfMetersChanged(string data, string? marker, int meters, bool reset)
    {
        if (reset || marker is null || MetersPattern().Match(marker) is not { Success: true } match
            || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var was) || was == meters)
        {
            return;
        }

        throw new DemoFleetChangedException(string.Create(
            CultureInfo.InvariantCulture,
            $"the data folder {data} holds a demo of another fleet size (--meters was {was}, now {meters}); starting would replace its read log and market. Start with --meters {was} to keep them, or add --reset to wipe them and start afresh"));
    }

    [GeneratedRegex(@"\bmeters=(\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MetersPattern();
}
