namespace Renkei.Metering.Provision;

/// <summary>How the metering node provides retailers their data (bulk reads, files, feed, deadlines).</summary>
public sealed class ProvisionOptions
{
    /// <summary>JP06110: the sender (TSO) code written into the market XML, 5 characters.</summary>
    public string SenderCode { get; init; } = "TS003";

    /// <summary>JP06111: the sender's name.</summary>
    public string SenderName { get; init; } = "Renkei TSO";

    /// <summary>
    /// Where generated files are cached (<c>&lt;dir&gt;/&lt;retailer&gt;/&lt;name&gt;.zip</c>); null: under the
    /// node's data folder, <c>files/</c>.
    /// </summary>
    public string? FilesDirectory { get; set; }

    /// <summary>Supply points per file part (the market splits large files into numbered parts).</summary>
    public int PointsPerPart { get; init; } = 100_000;

    /// <summary>The bound a slot's values must be available within, counted from the slot's end.</summary>
    public TimeSpan Bound { get; init; } = TimeSpan.FromMinutes(60);
}
