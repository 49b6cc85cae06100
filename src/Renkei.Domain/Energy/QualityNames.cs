namespace Renkei.Domain.Energy;

/// <summary>Lower-case names of <see cref="Quality"/> as they appear in files and JSON.</summary>
public static class QualityNames
{
    public static string ToName(this Quality quality) => quality switch
    {
        Quality.Actual => "actual",
        Quality.Estimated => "estimated",
        Quality.Missing => "missing",
        Quality.Invalid => "invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(quality), quality, "unknown quality"),
    };

    public static bool TryParse(string? text, out Quality quality)
    {
        switch (text)
        {
            case "actual": quality = Quality.Actual; return true;
            case "estimated": quality = Quality.Estimated; return true;
            case "missing": quality = Quality.Missing; return true;
            case "invalid": quality = Quality.Invalid; return true;
            default: quality = default; return false;
        }
    }
}
