using System.Text;
using Renkei.Domain.Energy;
using Renkei.Formats.Api.Metering;
using Renkei.Simulator.Fleet;

namespace Renkei.Simulator.HeadEnd;

/// <summary>
/// The head-end's communication control: asked to read meters again, it asks each meter for the register it holds
/// (<see cref="MeterMemory"/>); a meter the fault model marks as never answering a re-read stays silent. The reads it
/// gets wait here until the feeder sends them to the HES with its next batch (<see cref="FleetFeeder"/>), through
/// the same ingest path as every read.
/// </summary>
public sealed class RereadDesk(MeterFleet fleet, FleetFaults faults, MeterMemory memory)
{
    private readonly Queue<string> answered = new();
    private readonly Lock gate = new();

    /// <summary>Reads asked for since the start.</summary>
    public long Requested { get; private set; }

    /// <summary>Reads the meters answered since the start (queued for the HES).</summary>
    public long Answered { get; private set; }

    /// <summary>Reads waiting to be sent.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return answered.Count;
            }
        }
    }

    /// <summary>Told after each request with the reads answered (the feeder may send them at once).</summary>
    public event Action<int>? ReadsAnswered;

    /// <summary>Told of each request taken, before it is answered (who asked for which reads, for tests and logs).</summary>
    public event Action<RereadRequest>? Taken;

    /// <summary>Takes a re-read request: each read a meter answers is queued for the HES; the others get no answer.</summary>
    public RereadAcknowledgement Take(RereadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Taken?.Invoke(request);
        var answering = 0;
        lock (gate)
        {
            foreach (var item in request.Reads)
            {
                var export = item.Direction == "export";
                if (!fleet.TryIndexOf(item.MeterId, out var index)
                    || faults.NeverAnswersReread(fleet.Seed, index)
                    || !memory.TryRecall(item.MeterId, item.ReadAt, export, out var units))
                {
                    continue;
                }

                answered.Enqueue(FormattableString.Invariant(
                    $"{item.MeterId},{item.ReadAt.ToOffset(Renkei.Domain.Time.Jst.Offset):yyyy-MM-dd'T'HH:mm:sszzz},{Kwh.FromUnits(units)},{(export ? "export" : "import")}"));
                answering++;
            }

            Requested += request.Reads.Count;
            Answered += answering;
        }

        ReadsAnswered?.Invoke(answering);
        return new RereadAcknowledgement(request.Reads.Count, answering, request.Reads.Count - answering);
    }

    /// <summary>Moves the waiting reads into <paramref name="csv"/> as lines of the reads file (without header); returns how many.</summary>
    public int DrainInto(StringBuilder csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        lock (gate)
        {
            var n = answered.Count;
            while (answered.TryDequeue(out var line))
            {
                csv.Append(line).Append('\n');
            }

            return n;
        }
    }
}
