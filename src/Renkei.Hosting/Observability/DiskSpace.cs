using System.Globalization;
using Renkei.Formats.Api.Operations;

namespace Renkei.Hosting.Observability;

/// <summary>
/// Free space under each of the node's data folders: below the threshold (the smaller of
/// <see cref="NodeObservabilityOptions.MinFreeBytes"/> and <see cref="NodeObservabilityOptions.MinFreePercent"/> of the
/// volume) the node is not ready and the alert is critical; below twice the threshold the alert is a warning.
/// </summary>
public sealed class DiskSpace(IReadOnlyList<string> folders, NodeObservabilityOptions options) : INodeConditions
{
    public IReadOnlyList<string> Folders => folders;

    /// <summary>Free and total bytes of the volume holding <paramref name="folder"/> (its nearest existing ancestor), or null when it cannot be read.</summary>
    public static (long Free, long Total)? Measure(string folder)
    {
        try
        {
            var path = Path.GetFullPath(folder);
            while (!Directory.Exists(path) && Path.GetDirectoryName(path) is { } parent)
            {
                path = parent;
            }

            var drive = new DriveInfo(path);
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The free bytes below which a folder on a volume of <paramref name="total"/> bytes is low.</summary>
    public long ThresholdOf(long total) => Math.Min(options.MinFreeBytes, (long)(total * options.MinFreePercent / 100));

    public void Collect(ICollection<NodeAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var folder in folders)
        {
            if (Measure(folder) is not { } space)
            {
                continue;
            }

            var threshold = ThresholdOf(space.Total);
            if (space.Free < 2 * threshold)
            {
                var critical = space.Free < threshold;
                alerts.Add(new NodeAlert(
                    NodeAlertCodes.DiskLow,
                    critical ? NodeAlertCodes.Critical : NodeAlertCodes.Warning,
                    folder,
                    string.Create(CultureInfo.InvariantCulture, $"{space.Free / (1024 * 1024)} MiB free of {space.Total / (1024 * 1024)} MiB; threshold {threshold / (1024 * 1024)} MiB"),
                    critical));
            }
        }
    }
}
