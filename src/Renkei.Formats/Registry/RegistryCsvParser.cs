using System.Globalization;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Text;

namespace Renkei.Formats.Registry;

/// <summary>
/// The registry file definition (see docs/formats.md): one meter installation per line, header required,
/// columns <c>supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh</c>
/// plus the optional <c>voltage_class</c>, <c>measures_export</c>, <c>max_kwh_per_slot</c>,
/// <c>initial_export_register_kwh</c> and <c>final_export_register_kwh</c>. Installation and removal are at any
/// whole minute. A registry file is
/// business data: it is accepted whole or rejected whole with every error and its line.
/// </summary>
public static class RegistryCsvParser
{
    public static readonly string[] RequiredColumns =
        ["supply_point_id", "meter_id", "multiplier", "register_digits", "installed_at", "initial_register_kwh", "removed_at", "final_register_kwh"];

    public static readonly string[] OptionalColumns = ["voltage_class", "measures_export", "max_kwh_per_slot", "initial_export_register_kwh", "final_export_register_kwh"];

    /// <summary>Default physical maximum register advance per slot: 50 kWh low voltage, 1,000 kWh otherwise (before the multiplier).</summary>
    public static Kwh DefaultMaxPerSlot(VoltageClass voltage) => voltage == VoltageClass.Low ? Kwh.FromUnits(50 * Kwh.UnitsPerKwh) : Kwh.FromUnits(1_000 * Kwh.UnitsPerKwh);

    /// <summary>Longest line taken (a registry line is under 300 bytes).</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>
    /// Parses a registry file's bytes (a file, a request body): every line must be valid UTF-8, else the file is
    /// rejected naming the line. Throws <see cref="RegistryFileException"/> listing every error when anything is wrong.
    /// </summary>
    public static List<MeterInstallation> Parse(Stream utf8)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        using var reader = new Utf8LineReader(utf8, MaxLineBytes, leaveOpen: true);
        return Parse(reader);
    }

    /// <summary>
    /// Parses the whole file from text already decoded; throws <see cref="RegistryFileException"/> listing every
    /// error when anything is wrong. Outside bytes go through <see cref="Parse(Stream)"/>, which checks their encoding.
    /// </summary>
    public static List<MeterInstallation> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var strict = reader as Utf8LineReader;
        var errors = new List<string>();
        var header = reader.ReadLine();
        if (header is null)
        {
            throw new RegistryFileException(["line 1: the registry file is empty; expected the header " + string.Join(',', RequiredColumns)]);
        }

        if (strict?.LineFault is { } headerFault)
        {
            throw new RegistryFileException(["line 1: the header " + headerFault]);
        }

        var names = header.TrimStart('\uFEFF').Split(',');
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i].Trim();
            if (!RequiredColumns.Contains(name) && !OptionalColumns.Contains(name))
            {
                errors.Add($"line 1: unknown column '{Echo.Prefix(name)}'");
            }
            else if (!index.TryAdd(name, i))
            {
                errors.Add($"line 1: column '{Echo.Prefix(name)}' appears twice");
            }
        }

        foreach (var required in RequiredColumns)
        {
            if (!index.ContainsKey(required))
            {
                errors.Add($"line 1: required column '{Echo.Prefix(required)}' is missing");
            }
        }

        if (errors.Count > 0)
        {
            throw new RegistryFileException(errors);
        }

        var result = new List<MeterInstallation>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (strict?.LineFault is { } fault)
            {
                var column = strict.FaultField >= 0 && strict.FaultField < names.Length ? names[strict.FaultField].Trim() : "line";
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {column}: {fault}"));
                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != names.Length)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: expected {names.Length} fields, found {fields.Length}"));
                continue;
            }

            var n = lineNumber;
            string Field(string column) => index.TryGetValue(column, out var i) ? fields[i].Trim() : string.Empty;
            void Error(string column, string message) => errors.Add(string.Create(CultureInfo.InvariantCulture, $"line {n}: {column}: {message}"));

            var ok = true;
            if (!SupplyPointId.TryParse(Field("supply_point_id"), out var supplyPoint, out var spError))
            {
                Error("supply_point_id", spError);
                ok = false;
            }

            var meterId = Field("meter_id");
            if (meterId.Length == 0 || Encoding.UTF8.GetByteCount(meterId) > 255 || meterId.Contains('"', StringComparison.Ordinal))
            {
                Error("meter_id", "must be 1 to 255 bytes without quotes");
                ok = false;
            }
            else if (seen.TryGetValue(meterId, out var first))
            {
                Error("meter_id", string.Create(CultureInfo.InvariantCulture, $"'{Echo.Prefix(meterId)}' is already installed on line {first}; a meter appears once"));
                ok = false;
            }
            else
            {
                seen.Add(meterId, n);
            }

            if (!Multiplier.TryParse(Field("multiplier"), out var multiplier, out var mError))
            {
                Error("multiplier", mError);
                ok = false;
            }

            if (!int.TryParse(Field("register_digits"), NumberStyles.None, CultureInfo.InvariantCulture, out var registerDigits) || registerDigits is < 1 or > 12)
            {
                Error("register_digits", $"'{Echo.Prefix(Field("register_digits"))}' must be a whole number from 1 to 12");
                ok = false;
            }

            var installed = ParseInstant(Field("installed_at"), required: true, "installed_at", Error, ref ok);
            var initial = ParseRegister(Field("initial_register_kwh"), required: true, "initial_register_kwh", registerDigits, Error, ref ok);
            var removed = ParseInstant(Field("removed_at"), required: false, "removed_at", Error, ref ok);
            var final = ParseRegister(Field("final_register_kwh"), required: false, "final_register_kwh", registerDigits, Error, ref ok);
            if (removed is not null && final is null && ok)
            {
                Error("final_register_kwh", "is required when removed_at is given");
                ok = false;
            }

            if (removed is null && final is not null)
            {
                Error("removed_at", "is required when final_register_kwh is given");
                ok = false;
            }

            if (removed is not null && installed is not null && removed <= installed)
            {
                Error("removed_at", "must be after installed_at");
                ok = false;
            }

            var voltage = VoltageClass.Low;
            switch (Field("voltage_class"))
            {
                case "" or "low": break;
                case "high": voltage = VoltageClass.High; break;
                case "extra_high": voltage = VoltageClass.ExtraHigh; break;
                default:
                    Error("voltage_class", $"'{Echo.Prefix(Field("voltage_class"))}' must be low, high or extra_high");
                    ok = false;
                    break;
            }

            var export = false;
            switch (Field("measures_export"))
            {
                case "" or "false" or "0": break;
                case "true" or "1": export = true; break;
                default:
                    Error("measures_export", $"'{Echo.Prefix(Field("measures_export"))}' must be true or false");
                    ok = false;
                    break;
            }

            var max = DefaultMaxPerSlot(voltage);
            if (Field("max_kwh_per_slot") is { Length: > 0 } maxText)
            {
                if (!Kwh.TryParse(maxText, out max, out var maxError) || max.Units <= 0)
                {
                    Error("max_kwh_per_slot", maxError ?? "must be positive");
                    ok = false;
                }
            }

            var initialExport = ParseRegister(Field("initial_export_register_kwh"), required: false, "initial_export_register_kwh", registerDigits, Error, ref ok);
            var finalExport = ParseRegister(Field("final_export_register_kwh"), required: false, "final_export_register_kwh", registerDigits, Error, ref ok);
            if (!export && (initialExport is not null || finalExport is not null))
            {
                Error(initialExport is not null ? "initial_export_register_kwh" : "final_export_register_kwh", "is given for a meter that does not measure export (measures_export is false)");
                ok = false;
            }

            if (removed is null && finalExport is not null)
            {
                Error("final_export_register_kwh", "is given without removed_at");
                ok = false;
            }

            if (ok)
            {
                result.Add(new MeterInstallation(supplyPoint, meterId, multiplier, registerDigits, installed!.Value, initial!.Value, max, export, removed, final, voltage, initialExport, finalExport));
            }
        }

        if (errors.Count > 0)
        {
            throw new RegistryFileException(errors);
        }

        return result;
    }

    /// <summary>
    /// An installation or removal instant: any whole minute (a technician replaces a meter at 14:10, not only on
    /// a 30-minute boundary); seconds are refused, since the registry's registers are read to the minute.
    /// </summary>
    private static DateTimeOffset? ParseInstant(string text, bool required, string column, Action<string, string> error, ref bool ok)
    {
        if (text.Length == 0)
        {
            if (required)
            {
                error(column, "is required");
                ok = false;
            }

            return null;
        }

        if (!Slot.TryParseInstant(text, out var instant, out var message))
        {
            error(column, message);
            ok = false;
            return null;
        }

        if (instant.UtcTicks % TimeSpan.TicksPerMinute != 0)
        {
            error(column, $"'{Echo.Prefix(text)}' is not on a whole minute (seconds must be 0)");
            ok = false;
            return null;
        }

        if (!MasterDataDates.Contains(instant))
        {
            error(column, MasterDataDates.OutOfRange(text));
            ok = false;
            return null;
        }

        return instant;
    }

    private static Kwh? ParseRegister(string text, bool required, string column, int registerDigits, Action<string, string> error, ref bool ok)
    {
        if (text.Length == 0)
        {
            if (required)
            {
                error(column, "is required");
                ok = false;
            }

            return null;
        }

        if (!Kwh.TryParse(text, out var value, out var message))
        {
            error(column, message);
            ok = false;
            return null;
        }

        if (value.Units < 0)
        {
            error(column, "must not be negative");
            ok = false;
            return null;
        }

        if (registerDigits is >= 1 and <= 12 && value.Units >= MeterInstallation.RolloverUnits(registerDigits))
        {
            error(column, string.Create(CultureInfo.InvariantCulture, $"{text} does not fit the register's {registerDigits} digits"));
            ok = false;
            return null;
        }

        return value;
    }
}
