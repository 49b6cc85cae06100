using System.Globalization;
using Renkei.Domain.Identifiers;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Registry;

public sealed class RegistryJournalTests : IDisposable
{
    private const string Header = "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-journal-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AcceptedChanges_AfterRestart_AreAppliedAgainInOrder()
    {
        var registry = StartingRegistry();
        var journal = new RegistryJournal(folder);
        journal.Apply(registry, Header + $"{MeterBuilder.SupplyPointB},M2,1,6,{At(0)},0.0000,,\n");
        journal.Apply(registry, Header + $"{MeterBuilder.SupplyPointB},M2,1,6,{At(0)},0.0000,{At(5)},3.0000\n");

        // A restart: the registry file again, then the journal.
        var restarted = StartingRegistry();
        var applied = new RegistryJournal(folder).ReplayInto(restarted);

        Assert.Equal(2, applied);
        Assert.True(restarted.TryGetOrdinal("M2", out var m2));
        Assert.Equal(registry[m2], restarted[m2]);
        Assert.Equal(EngineHarness.Boundary(5), restarted[m2].RemovedAt);
        Assert.True(restarted.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out _));
    }

    [Fact]
    public void RejectedChange_IsNotKept()
    {
        var registry = StartingRegistry();
        var journal = new RegistryJournal(folder);

        Assert.Throws<RegistryFileException>(() => journal.Apply(registry, Header + $"{MeterBuilder.SupplyPointA},M1,40,6,{At(0)},10.0000,,\n"));

        Assert.Equal(0, journal.Count);
        Assert.Equal(0, new RegistryJournal(folder).ReplayInto(StartingRegistry()));
    }

    [Fact]
    public void ChangeAlreadyInTheRegistryFile_IsAppliedAsUnchanged()
    {
        var line = $"{MeterBuilder.SupplyPointB},M2,1,6,{At(0)},0.0000,,\n";
        new RegistryJournal(folder).Apply(StartingRegistry(), Header + line);

        // The operator has since put the same meter into the registry file the node starts with.
        var registry = StartingRegistry();
        RegistryChanges.Apply(registry, RegistryCsvParser.Parse(new StringReader(Header + line)));

        Assert.Equal(1, new RegistryJournal(folder).ReplayInto(registry));
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void KeptChange_ThatNoLongerFitsTheRegistryFile_IsRefusedNamingTheChangeFile()
    {
        new RegistryJournal(folder).Apply(StartingRegistry(), Header + $"{MeterBuilder.SupplyPointB},M2,1,6,{At(0)},0.0000,,\n");

        // The registry file now has M2 with another multiplier: the kept change cannot apply.
        var registry = StartingRegistry();
        registry.Add(new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Multiplier(40).InstalledAt(EngineHarness.Boundary(0)).Build());

        var e = Assert.Throws<RegistryFileException>(() => new RegistryJournal(folder).ReplayInto(registry));

        Assert.StartsWith("00000001.csv (a registry change accepted earlier): meter M2", Assert.Single(e.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void UnfinishedChange_FromACrashBeforeItsRename_IsDropped()
    {
        new RegistryJournal(folder).Apply(StartingRegistry(), Header + $"{MeterBuilder.SupplyPointB},M2,1,6,{At(0)},0.0000,,\n");
        File.WriteAllText(Path.Combine(folder, "registry-changes", "00000002.csv.tmp"), Header + $"{MeterBuilder.SupplyPointB},M3,1,6,{At(0)},0.0000,,\n");

        var journal = new RegistryJournal(folder);
        var registry = StartingRegistry();

        Assert.Equal(1, journal.ReplayInto(registry));
        Assert.False(registry.TryGetOrdinal("M3", out _));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder, "registry-changes"), "*.tmp"));
    }

    private static MeterRegistry StartingRegistry()
    {
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("M1").InstalledAt(EngineHarness.Boundary(0)).Initial("10").Build());
        return registry;
    }

    private static string At(int k) => EngineHarness.Boundary(k).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
