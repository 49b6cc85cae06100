using System.IO.Pipelines;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Engine;
using Renkei.Metering.Provision;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// Streams, not buffers: one slot for a million supply points is written in each format while the bytes a whole
/// export allocates stay a small constant — far below one object per supply point — and the output is counted,
/// never kept. The pipe completes every flush at once, so the export runs on this thread and
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees all of it. A behaviour test, not a timing.
/// </summary>
public sealed class StreamingMemoryTests : IClassFixture<StreamingMemoryTests.MillionPoints>
{
    private const int Points = 1_000_000;

    private readonly MillionPoints fleet;

    public StreamingMemoryTests(MillionPoints fleet) => this.fleet = fleet;

    [Theory]
    [InlineData(nameof(ContentFormat.Json))]
    [InlineData(nameof(ContentFormat.Csv))]
    [InlineData(nameof(ContentFormat.Xml))]
    public void OneSlot_MillionPoints_AllocatesAConstantFewKilobytes(string formatName)
    {
        var format = Enum.Parse<ContentFormat>(formatName);

        // First a short run: JIT and static tables (the contract snapshot is built by the fixture: once per
        // contract change, not per request).
        Export(format, new CountingPipeWriter(), 1000);
        var output = new CountingPipeWriter();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Export(format, output, Points);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Points, output.Values(format));
        Assert.True(output.Written > Points * 40L, $"{output.Written} bytes written for {Points} values");

        // One object per point would be at least 24 bytes × 1M = 24 MB. The export's own buffers are tens of KB (the
        // XmlWriter's char and byte buffers make XML's ~57 KB); the bound leaves room for a pooled buffer the runtime
        // trimmed under memory pressure and the export rents anew (seen: +23 KB on a loaded CI machine), and stays a
        // hundredth of one object per point.
        Assert.True(allocated < 192 * 1024, $"{allocated:N0} bytes allocated for {Points:N0} values in {format}");
    }

    private void Export(ContentFormat format, CountingPipeWriter output, int points)
    {
        var slot = fleet.Engine.PrepareSlot(new Slot(MillionPoints.Day, 1));
        var walk = new RetailerPoints(fleet.Contracts.HoldingsOf(MillionPoints.Retailer), MillionPoints.Day, MillionPoints.Day.AddDays(1), VoltageFilter.All, fleet.Registry)
            .Window(0, points);
        var info = new DocumentInfo("1110", "TS003", "Renkei TSO", MillionPoints.Retailer, MillionPoints.Day, 1, VoltageFilter.All, DateTimeOffset.UnixEpoch, null);
        using var sink = ContentFormats.SinkFor(format, output);
        var task = IntervalExport.WriteSlotAsync(sink, info, walk, fleet.Engine, slot, CancellationToken.None);
        Assert.True(task.IsCompletedSuccessfully, "the export must run synchronously on a pipe whose flushes complete at once");
    }

    /// <summary>A million low-voltage supply points, one meter each, all held by one retailer; slot 1 published with actual values.</summary>
    public sealed class MillionPoints : IDisposable
    {
        public const string Retailer = "RM001";

        public static readonly DateOnly Day = new(2026, 4, 1);

        public MillionPoints()
        {
            Registry = new MeterRegistry();
            var installed = Jst.StartOfDay(Day.AddDays(-1));
            for (var i = 0; i < Points; i++)
            {
                Registry.Add(new MeterInstallation(SupplyPointId.Parse($"03{i:D20}"), $"M{i:D7}", Multiplier.One, 6, installed, Kwh.Zero, Kwh.FromDecimal(50m), false));
            }

            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Jst.StartOfDay(Day).AddHours(2));
            Engine = new IntervalEngine(Registry, clock, new IntervalEngineOptions { WindowDays = 1, Partitions = 2 });
            var reads = new MeterRead[Points * 2];
            for (var i = 0; i < Points; i++)
            {
                reads[2 * i] = new MeterRead(1, i, Jst.StartOfDay(Day).UtcTicks, i % 1000, Direction.Import);
                reads[(2 * i) + 1] = new MeterRead(1, i, Jst.StartOfDay(Day).AddMinutes(30).UtcTicks, (i % 1000) + 1234, Direction.Import);
            }

            var rejected = new List<RejectedRead>();
            Engine.Ingest(reads, rejected, judgeClock: false);
            Assert.Empty(rejected);
            Assert.True(Engine.CloseSlot(new Slot(Day, 1)));

            Contracts = new ContractReadModel();
            Contracts.Apply(Holdings(), Points);
            Assert.Equal(Points, Contracts.HoldingsOf(Retailer).Count);
        }

        public MeterRegistry Registry { get; }

        public IntervalEngine Engine { get; }

        public ContractReadModel Contracts { get; }

        public void Dispose()
        {
            Contracts.Dispose();
        }

        private static IEnumerable<ContractFeedItem> Holdings()
        {
            for (var i = 0; i < Points; i++)
            {
                yield return new ContractFeedItem(i + 1, i + 1, $"03{i:D20}", Retailer, new DateOnly(2016, 4, 1), null);
            }
        }
    }

    /// <summary>A pipe that counts what is written into one reused buffer, and whose flushes complete at once.</summary>
    private sealed class CountingPipeWriter : PipeWriter
    {
        private readonly byte[] buffer = new byte[256 * 1024];
        private TokenCounter newlines = new("\n"u8.ToArray());
        private TokenCounter jsonPoints = new("\"supplyPointId\""u8.ToArray());
        private TokenCounter xmlPoints = new("<JP06400>"u8.ToArray());

        public long Written { get; private set; }

        public long Values(ContentFormat format) => format switch
        {
            ContentFormat.Csv => newlines.Count - 1,
            ContentFormat.Xml => xmlPoints.Count,
            _ => jsonPoints.Count,
        };

        public override void Advance(int bytes)
        {
            foreach (var b in buffer.AsSpan(0, bytes))
            {
                newlines.Next(b);
                jsonPoints.Next(b);
                xmlPoints.Next(b);
            }

            Written += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => buffer;

        public override Span<byte> GetSpan(int sizeHint = 0) => buffer;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new FlushResult(false, false));

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }

    /// <summary>Counts a token across chunk boundaries (the tokens used start with a byte that does not recur in them).</summary>
    private struct TokenCounter(byte[] token)
    {
        private int matched;

        public long Count { get; private set; }

        public void Next(byte b)
        {
            matched = b == token[matched] ? matched + 1 : b == token[0] ? 1 : 0;
            if (matched == token.Length)
            {
                Count++;
                matched = 0;
            }
        }
    }
}
