using Renkei.Architecture.Tests.Reading;

namespace Renkei.Architecture.Tests.Rules;

/// <summary>
/// Types are <c>internal</c> unless another assembly of <c>src/</c> or <c>bench/</c> needs them: in Renkei.Metering
/// and Renkei.Web exactly the types listed here are public (<c>docs/architecture.md</c>, "Public types", says why
/// each). A type that becomes public, or one that no longer needs to be, changes this list.
/// </summary>
public sealed class PublicTypeTests
{
    private static readonly string[] Metering =
    [
        // The composition root (Renkei.Cli) builds the node from its options.
        "Renkei.Metering.MeteringHost", "Renkei.Metering.MeteringHostOptions", "Renkei.Metering.MeteringListeners",
        "Renkei.Metering.Engine.IntervalEngineOptions", "Renkei.Metering.Provision.ProvisionOptions",
        "Renkei.Metering.History.IHistoryStore", "Renkei.Metering.History.PostgresHistoryStore",
        "Renkei.Metering.Registry.MeterRegistry", "Renkei.Metering.Engine.SlotCloser", "Renkei.Metering.Provision.RetailerDataApi",
        "Renkei.Metering.Offline.OfflineIntervals", "Renkei.Metering.Offline.OfflineResult", "Renkei.Metering.Offline.OfflineSpanException",
        "Renkei.Metering.Ingest.JetStream.JetStreamReadLogOptions", "Renkei.Metering.Cluster.PartitionLeaseOptions",
        "Renkei.Metering.Cluster.NatsConnectionOptions", "Renkei.Metering.Cluster.NatsPermissions",
        "Renkei.Metering.Observability.MeteringObservability",

        // The pipeline benchmark (bench/Renkei.Bench) drives the HES, the read log and the engine directly, and the
        // types of their public members follow.
        "Renkei.Metering.Engine.IntervalEngine", "Renkei.Metering.Hes.ReadIngest",
        "Renkei.Metering.Ingest.FileReadLog", "Renkei.Metering.Ingest.IReadLog", "Renkei.Metering.Ingest.ReadLogReplay",
        "Renkei.Metering.Ingest.LoggedRead", "Renkei.Metering.Engine.IngestOutcome", "Renkei.Metering.Engine.IntervalValue",
        "Renkei.Metering.Engine.PublishedCut", "Renkei.Metering.Engine.Revision", "Renkei.Metering.Engine.SlotRead",
    ];

    private static readonly string[] Web =
    [
        // The composition root (Renkei.Cli) starts the screens.
        "Renkei.Web.WebHost", "Renkei.Web.WebHostOptions",
    ];

    public static TheoryData<string> Assemblies => ["Renkei.Metering", "Renkei.Web"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicTypes_AreExactlyTheListedOnes(string assembly)
    {
        var listed = assembly == "Renkei.Metering" ? Metering : Web;
        var visible = VisibleTypes.Of(assembly).Select(t => t.ToString()).ToList();

        var unlisted = visible.Except(listed, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var notPublic = listed.Except(visible, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.True(unlisted.Count == 0, $"{assembly} has public types not on the list (make them internal, or list them and say why): {string.Join(", ", unlisted)}");
        Assert.True(notPublic.Count == 0, $"{assembly}: listed but not public (take them off the list): {string.Join(", ", notPublic)}");
    }
}
