using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Registry;

public sealed class MeterRegistryTests
{
    private static readonly DateTimeOffset Installed = EngineHarness.Boundary(0).AddDays(-30);

    [Fact]
    public void Add_ThenIndexer_GivesBackTheSameInstallation()
    {
        var registry = new MeterRegistry();
        var installed = new MeterBuilder().Id("メーター1").At(MeterBuilder.SupplyPointA).Multiplier(40).Digits(5).Initial("12.3456").MaxPerSlot("7").WithExport().Build();
        var removed = new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Build() with
        {
            RemovedAt = Installed.AddDays(3),
            FinalRegister = Kwh.Parse("99.5"),
            VoltageClass = VoltageClass.High,
        };

        Assert.Equal(0, registry.Add(installed));
        Assert.Equal(1, registry.Add(removed));

        Assert.Equal(installed, registry[0]);
        Assert.Equal(removed, registry[1]);
        Assert.Equal("メーター1", registry.MeterIdOf(0));
        Assert.True(registry[0].MeasuresExport);
        Assert.False(registry[1].MeasuresExport);
    }

    [Fact]
    public void Add_SameMeterIdTwice_IsRefusedAndChangesNothing()
    {
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("M1").At(MeterBuilder.SupplyPointA).Build());

        Assert.Throws<InvalidOperationException>(() => registry.Add(new MeterBuilder().Id("M1").At(MeterBuilder.SupplyPointB).Build()));

        Assert.Equal(1, registry.Count);
        Assert.False(registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out _));
    }

    [Fact]
    public void TryGetMeters_ListsEveryMeterOfAPointInTheOrderAdded()
    {
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("A1").At(MeterBuilder.SupplyPointA).Build());
        registry.Add(new MeterBuilder().Id("B1").At(MeterBuilder.SupplyPointB).Build());
        registry.Add(new MeterBuilder().Id("A2").At(MeterBuilder.SupplyPointA).Build());
        registry.Add(new MeterBuilder().Id("A3").At(MeterBuilder.SupplyPointA).Build());

        Assert.True(registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointA), out var a));
        Assert.Equal([0, 2, 3], a);
        Assert.True(registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out var b));
        Assert.Equal([1], b);
        Assert.Equal(MeterBuilder.SupplyPointA, registry[3].SupplyPointId.Value);
    }

    [Fact]
    public void TrimExcess_KeepsEveryMeterAndLookupAndLetsTheRegistryGrowAgain()
    {
        var registry = new MeterRegistry();
        var points = new[] { MeterBuilder.SupplyPointA, MeterBuilder.SupplyPointB };
        for (var i = 0; i < 100; i++)
        {
            registry.Add(new MeterBuilder().Id($"メーター{i}").At(points[i % 2]).Build());
        }

        registry.TrimExcess();
        registry.Add(new MeterBuilder().Id("LATE").At("0310000000000000000003").Build());

        for (var i = 0; i < 100; i++)
        {
            Assert.True(registry.TryGetOrdinal($"メーター{i}", out var ordinal));
            Assert.Equal(i, ordinal);
            Assert.Equal(points[i % 2], registry[i].SupplyPointId.Value);
        }

        Assert.True(registry.TryGetOrdinal("LATE", out var late));
        Assert.Equal(100, late);
        Assert.True(registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out var b));
        Assert.Equal(50, b.Length);
        Assert.True(registry.TryGetMeters(SupplyPointId.Parse("0310000000000000000003"), out var c));
        Assert.Equal([100], c);
    }

    [Fact]
    public void SaveThenTryLoad_SameSource_GivesBackEveryMeterAndLookup()
    {
        var path = Path.Combine(Path.GetTempPath(), "renkei-registry-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            var registry = new MeterRegistry();
            for (var i = 0; i < 3_000; i++)
            {
                var point = i % 3 == 0 ? MeterBuilder.SupplyPointA[..^4] + (i / 3).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) : MeterBuilder.SupplyPointB;
                var meter = new MeterBuilder().Id("M" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).At(point).Multiplier(1 + (i % 40)).Digits(5 + (i % 3));
                registry.Add((i % 500 == 7 ? meter.ExportRegisters("1.5", null) : meter).Build());
            }

            // A replacement at a minute inside a slot, with the export register read then (kept in a table of its own).
            registry.SetRemoval(7, Installed.AddDays(2).AddMinutes(10), Kwh.Parse("3.5"), Kwh.Parse("2.25"));
            registry.Save(path, "sha256:abc");

            var loaded = MeterRegistry.TryLoad(path, "sha256:abc");

            Assert.NotNull(loaded);
            Assert.Equal(registry.Count, loaded.Count);
            for (var o = 0; o < registry.Count; o++)
            {
                Assert.Equal(registry[o], loaded[o]);
                Assert.True(loaded.TryGetOrdinal(registry[o].MeterId, out var found));
                Assert.Equal(o, found);
            }

            Assert.True(registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out var b));
            Assert.True(loaded.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out var loadedB));
            Assert.Equal(b, loadedB);

            // Still a working registry: more meters can join.
            Assert.Equal(3_000, loaded.Add(new MeterBuilder().Id("NEW").At(MeterBuilder.SupplyPointB).Build()));
            Assert.True(loaded.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointB), out var grown));
            Assert.Equal(b.Length + 1, grown.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryLoad_OtherSourceOrDamagedFile_GivesNull()
    {
        var path = Path.Combine(Path.GetTempPath(), "renkei-registry-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            var registry = new MeterRegistry();
            registry.Add(new MeterBuilder().Id("M1").Build());
            registry.Save(path, "sha256:abc");

            Assert.Null(MeterRegistry.TryLoad(path, "sha256:def"));
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^9]);
            Assert.Null(MeterRegistry.TryLoad(path, "sha256:abc"));
            Assert.Null(MeterRegistry.TryLoad(path + ".missing", "sha256:abc"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SetRemoval_IsSeenByTheIndexer()
    {
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("M1").Build());

        registry.SetRemoval(0, Installed.AddDays(1), Kwh.Parse("5"));

        Assert.Equal(Installed.AddDays(1), registry[0].RemovedAt);
        Assert.Equal(Kwh.Parse("5"), registry[0].FinalRegister);
    }
}
