using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>Which supply points a bulk read covers by voltage: all, low voltage, or high (high and extra-high) voltage.</summary>
internal enum VoltageFilter
{
    All = 0,
    Low = 1,
    High = 2,
}

/// <summary>Names and tests of <see cref="VoltageFilter"/> and <see cref="VoltageClass"/> as the API writes them.</summary>
internal static class VoltageNames
{
    public static bool TryParse(string? text, out VoltageFilter filter)
    {
        switch (text)
        {
            case null or "": filter = VoltageFilter.All; return true;
            case "low": filter = VoltageFilter.Low; return true;
            case "high": filter = VoltageFilter.High; return true;
            default: filter = VoltageFilter.All; return false;
        }
    }

    public static string Name(this VoltageFilter filter) => filter switch
    {
        VoltageFilter.Low => "low",
        VoltageFilter.High => "high",
        _ => "all",
    };

    /// <summary>The API's two classes: <c>low</c>, and <c>high</c> for high and extra-high voltage alike.</summary>
    public static string Name(this VoltageClass voltage) => voltage == VoltageClass.Low ? "low" : "high";

    public static bool Admits(this VoltageFilter filter, VoltageClass voltage) => filter switch
    {
        VoltageFilter.Low => voltage == VoltageClass.Low,
        VoltageFilter.High => voltage != VoltageClass.Low,
        _ => true,
    };
}
