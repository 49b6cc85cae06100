using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests;

/// <summary>
/// A real engine fed through the HES's <see cref="ReadIngest"/> over a real <see cref="FileReadLog"/> in a temp folder, with a fake clock standing (unless
/// told otherwise) at 06:00 JST the day after <see cref="Day"/>. Deletes its folder on dispose.
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    public static readonly DateOnly Day = new(2026, 4, 1);

    public EngineHarness(params MeterInstallation[] meters)
        : this(new IntervalEngineOptions { Partitions = 2 }, meters)
    {
    }

    public EngineHarness(IntervalEngineOptions options, params MeterInstallation[] meters)
        : this(options, Boundary(12, Day.AddDays(1)), meters)
    {
    }

    public EngineHarness(IntervalEngineOptions options, DateTimeOffset now, params MeterInstallation[] meters)
    {
        Folder = Path.Combine(Path.GetTempPath(), "renkei-metering-tests", Guid.NewGuid().ToString("N"));
        Options = options;
        Registry = new MeterRegistry();
        foreach (var m in meters)
        {
            Registry.Add(m);
        }

        Clock = new FakeTimeProvider(now);
        Log = new FileReadLog(Folder);
        Engine = new IntervalEngine(Registry, Clock, options);
        Hes = new ReadIngest(Engine, Log, Registry);
    }

    public string Folder { get; }

    public IntervalEngineOptions Options { get; }

    public MeterRegistry Registry { get; }

    public FakeTimeProvider Clock { get; }

    public FileReadLog Log { get; }

    public IntervalEngine Engine { get; }

    /// <summary>The HES's way in: validated, logged, then applied.</summary>
    public ReadIngest Hes { get; }

    public List<RejectedRead> Rejected { get; } = [];

    /// <summary>Boundary <paramref name="k"/> (0 = 00:00, 1 = 00:30, ..., 48 = next day's 00:00) of a JST date.</summary>
    public static DateTimeOffset Boundary(int k, DateOnly? date = null) =>
        Jst.StartOfDay(date ?? Day).AddTicks(k * Slot.TicksPerSlot);

    public MeterRead Read(string meterId, DateTimeOffset at, string kwh, Direction direction = Direction.Import, int line = 1)
    {
        Assert.True(Registry.TryGetOrdinal(meterId, out var ordinal), $"meter {meterId} is not registered");
        return new MeterRead(line, ordinal, at.UtcTicks, Kwh.Parse(kwh).Units, direction);
    }

    public MeterRead Read(string meterId, int boundary, string kwh, Direction direction = Direction.Import, int line = 1) =>
        Read(meterId, Boundary(boundary), kwh, direction, line);

    public IngestOutcome Ingest(params MeterRead[] reads)
    {
        Rejected.Clear();
        return Hes.Ingest(reads, Rejected);
    }

    public void Close(int slotNumber, DateOnly? date = null) =>
        Assert.True(Engine.CloseSlot(new Slot(date ?? Day, slotNumber)));

    /// <summary>The 48 values of a supply point's day (versions set to 0, so tests compare value, quality and publication).</summary>
    public IntervalValue[] DayOf(string supplyPoint, DateOnly? date = null, Direction direction = Direction.Import)
    {
        Assert.True(Registry.TryGetMeters(SupplyPointId.Parse(supplyPoint), out var ordinals));
        var values = new IntervalValue[Slot.PerDay];
        Engine.ReadDay(ordinals, date ?? Day, direction, values);
        return [.. values.Select(v => v with { Version = 0 })];
    }

    /// <summary>The version of one meter's value in one slot.</summary>
    public long VersionOf(string meterId, int slotNumber, DateOnly? date = null)
    {
        Assert.True(Registry.TryGetOrdinal(meterId, out var ordinal));
        var values = new IntervalValue[Slot.PerDay];
        Engine.ReadDay([ordinal], date ?? Day, Direction.Import, values);
        return values[slotNumber - 1].Version;
    }

    /// <summary>One meter's value in one slot.</summary>
    public IntervalValue ValueOf(string meterId, int slotNumber, DateOnly? date = null, Direction direction = Direction.Import)
    {
        Assert.True(Registry.TryGetOrdinal(meterId, out var ordinal));
        var values = new IntervalValue[Slot.PerDay];
        Engine.ReadDay([ordinal], date ?? Day, direction, values);
        return values[slotNumber - 1] with { Version = 0 };
    }

    public void Dispose()
    {
        Log.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
