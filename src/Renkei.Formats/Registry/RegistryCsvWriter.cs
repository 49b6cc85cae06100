using System.Globalization;

namespace Renkei.Formats.Registry;

/// <summary>
/// Writes installations as a registry file (docs/formats.md) that <see cref="RegistryCsvParser"/> reads back to the
/// same installations: every required column plus the optional ones these installations use.
/// </summary>
public static class RegistryCsvWriter
{
    private static readonly string[] Columns =
        [.. RegistryCsvParser.RequiredColumns, "voltage_class", "measures_export", "max_kwh_per_slot", "initial_export_register_kwh", "final_export_register_kwh"];

    public static void Write(IEnumerable<MeterInstallation> installations, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(installations);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (var m in installations)
        {
            writer.Write(string.Join(
                ',',
                m.SupplyPointId.Value,
                m.MeterId,
                m.Multiplier.ToString(),
                m.RegisterDigits.ToString(CultureInfo.InvariantCulture),
                Instant(m.InstalledAt),
                m.InitialRegister.ToString(),
                m.RemovedAt is { } removed ? Instant(removed) : string.Empty,
                m.FinalRegister?.ToString() ?? string.Empty,
                Voltage(m.VoltageClass),
                m.MeasuresExport ? "true" : "false",
                m.MaxPerSlot.ToString(),
                m.InitialExportRegister?.ToString() ?? string.Empty,
                m.FinalExportRegister?.ToString() ?? string.Empty));
            writer.Write('\n');
        }
    }

    private static string Instant(DateTimeOffset instant) => instant.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Voltage(VoltageClass voltage) => voltage switch
    {
        VoltageClass.High => "high",
        VoltageClass.ExtraHigh => "extra_high",
        _ => "low",
    };
}
