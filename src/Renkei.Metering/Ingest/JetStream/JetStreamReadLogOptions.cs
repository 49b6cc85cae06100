namespace Renkei.Metering.Ingest.JetStream;

/// <summary>
/// Where and how the replicated read log lives (cluster mode): the NATS servers, the TSO area whose stream and
/// subjects the node writes, and the stream's shape. One stream per area, <c>RENKEI_READS_&lt;area&gt;</c>, on the
/// subjects <c>renkei.reads.&lt;area&gt;.&lt;partition&gt;</c> (docs/architecture.md).
/// </summary>
public sealed class JetStreamReadLogOptions
{
    /// <summary>The NATS servers and how to connect to them (TLS, the node's user).</summary>
    public required Cluster.NatsConnectionOptions Nats { get; init; }

    /// <summary>The two-digit TSO area code of the meters this node serves (the first two digits of their supply points).</summary>
    public required string Area { get; init; }

    /// <summary>How many partitions an area's meters are split into (by meter ordinal); fixed for the life of a stream.</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>On how many servers the stream keeps each message (3: one server may fail without losing or refusing anything).</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>
    /// The largest message the log publishes: a partition's part of a batch longer than this goes in several messages.
    /// Below nats-server's default <c>max_payload</c> of 1 MB.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 512 * 1024;

    /// <summary>How long a batch may wait for the stream's acknowledgements before it is refused.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long start-up waits for the cluster to create the stream and elect its leader.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the stream remembers a message ID, so that a publish retried within it is stored once.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The stream of this area's reads.</summary>
    public string StreamName => StreamOf(Area);

    /// <summary>The subject of one partition of this area.</summary>
    public string Subject(int partition) => $"renkei.reads.{Area}.{partition}";

    /// <summary>Every subject of this area (the stream's subject filter).</summary>
    public string AreaSubjects => SubjectsOf(Area);

    /// <summary>The stream of an area's reads.</summary>
    public static string StreamOf(string area) => $"RENKEI_READS_{area}";

    /// <summary>Every subject of an area.</summary>
    public static string SubjectsOf(string area) => $"renkei.reads.{area}.*";

    /// <summary>Checks the values: a clear error naming the setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Nats, nameof(Nats));
        Nats.Validate();

        if (Area is not { Length: 2 } || !char.IsAsciiDigit(Area[0]) || !char.IsAsciiDigit(Area[1]))
        {
            throw new ArgumentException($"the area '{Area}' must be a two-digit TSO area code such as 03", nameof(Area));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Partitions, 1, nameof(Partitions));
        ArgumentOutOfRangeException.ThrowIfLessThan(Replicas, 1, nameof(Replicas));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 4 + BinaryReads.MaxRecordBytes, nameof(MaxMessageBytes));
    }
}
