using System.Globalization;

namespace Renkei.Metering.Registry;

/// <summary>
/// Applies a registry file to a running registry: new meters are added, a removal (removed_at, at any minute, and
/// final_register_kwh, with final_export_register_kwh if read) is recorded on an installed meter, identical lines change nothing. Anything else about an
/// existing meter (its supply point, multiplier, digits, installation) cannot change: the whole file is then
/// rejected, with every reason, and nothing is applied.
/// </summary>
internal static class RegistryChanges
{
    /// <param name="registry">The running registry.</param>
    /// <param name="lines">The registry file's records.</param>
    /// <param name="beforeApplying">Called once the file is valid and before anything changes (the journal keeps it there); if it throws, nothing changes.</param>
    public static RegistryChangeResult Apply(MeterRegistry registry, IReadOnlyList<MeterInstallation> lines, Action? beforeApplying = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(lines);
        var errors = new List<string>();
        var added = new List<MeterInstallation>();
        var removals = new List<(int Ordinal, MeterInstallation Line)>();
        var unchanged = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"meter {line.MeterId} (record {i + 1})");
            if (!registry.TryGetOrdinal(line.MeterId, out var ordinal))
            {
                added.Add(line);
                continue;
            }

            var current = registry[ordinal];
            if (current == line)
            {
                unchanged++;
                continue;
            }

            if (current with { RemovedAt = line.RemovedAt, FinalRegister = line.FinalRegister, FinalExportRegister = line.FinalExportRegister } != line)
            {
                errors.Add($"{where}: only a removal can be recorded for an installed meter; its supply point, multiplier, digits, installation, voltage class, export and maximum cannot change");
                continue;
            }

            if (current.RemovedAt is not null)
            {
                errors.Add($"{where}: the meter was already removed at {current.RemovedAt:yyyy-MM-ddTHH:mm:sszzz}");
                continue;
            }

            removals.Add((ordinal, line));
        }

        if (errors.Count > 0)
        {
            throw new RegistryFileException(errors);
        }

        beforeApplying?.Invoke();
        foreach (var meter in added)
        {
            registry.Add(meter);
        }

        foreach (var (ordinal, line) in removals)
        {
            registry.SetRemoval(ordinal, line.RemovedAt!.Value, line.FinalRegister!.Value, line.FinalExportRegister);
        }

        return new RegistryChangeResult(added.Count, removals.Count, unchanged);
    }
}

/// <summary>What a registry file changed.</summary>
internal sealed record RegistryChangeResult(int Added, int Removed, int Unchanged);
