using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Renkei.Metering.Cluster;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest.JetStream;

/// <summary>
/// The replicated read log (cluster mode): each batch of reads is published to the area's JetStream stream, which
/// keeps it on <see cref="JetStreamReadLogOptions.Replicas"/> servers in files, and <see cref="Append"/> returns
/// only when the stream has acknowledged every message of the batch, that is, when a majority of its servers have
/// stored it. A batch that is not acknowledged in time throws (<see cref="IOException"/>): the HES refuses it and
/// applies nothing.
/// <para>
/// A batch is split by partition (meter ordinal modulo <see cref="JetStreamReadLogOptions.Partitions"/>), each
/// part published to its partition's subject in the binary reads format (<see cref="BinaryReads"/>, meter IDs and
/// all, so the messages stand on their own), in messages of at most
/// <see cref="JetStreamReadLogOptions.MaxMessageBytes"/>. Each message carries its content's SHA-256 as its
/// <c>Nats-Msg-Id</c>: a publish retried after a lost acknowledgement, or the same reads sent again after a
/// refusal, is stored once within the stream's duplicate window. Reads are idempotent anyway (same meter, instant,
/// register and direction), so a message applied twice changes nothing.
/// </para>
/// <para>
/// Positions are stream sequence numbers: <see cref="Position"/> is the last one acknowledged to or read by this
/// node, and <see cref="ReadFrom"/> reads the messages after a position up to the stream's end when it is called.
/// Logged ordinals are the ordinals of the registry the log was opened with (messages name meters by ID).
/// </para>
/// </summary>
internal sealed class JetStreamReadLog : IReadLog
{
    private readonly JetStreamReadLogOptions options;
    private readonly MeterRegistry registry;
    private readonly NatsLink link;
    private readonly NatsJSContext js;
    private long position;

    private JetStreamReadLog(JetStreamReadLogOptions options, MeterRegistry registry, NatsLink link, long position)
    {
        this.options = options;
        this.registry = registry;
        this.link = link;
        js = new NatsJSContext(link.Connection);
        this.position = position;
    }

    /// <summary>
    /// Connects to the NATS servers, creates the area's stream if it does not exist (file storage, the configured
    /// replicas, a duplicate window), and waits until the stream has a leader. Throws
    /// <see cref="IOException"/> if that does not happen within <see cref="JetStreamReadLogOptions.StartTimeout"/>.
    /// </summary>
    public static async Task<JetStreamReadLog> OpenAsync(JetStreamReadLogOptions options, MeterRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        options.Validate();
        var link = new NatsLink(options.Nats, $"renkei-metering-{options.Area}", options.PublishTimeout);
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(options.StartTimeout);
        try
        {
            await link.ConnectAsync(start.Token).ConfigureAwait(false);
            var js = new NatsJSContext(link.Connection);
            var config = new StreamConfig(options.StreamName, [options.AreaSubjects])
            {
                Storage = StreamConfigStorage.File,
                NumReplicas = options.Replicas,
                Retention = StreamConfigRetention.Limits,
                DuplicateWindow = options.DuplicateWindow,
                MaxMsgSize = options.MaxMessageBytes,
            };
            var lastSeq = await UntilAnswered(
                async ct =>
                {
                    var stream = await js.CreateOrUpdateStreamAsync(config, ct).ConfigureAwait(false);
                    return stream.Info.Cluster?.Leader is { Length: > 0 } || options.Replicas == 1 ? (long?)(long)stream.Info.State.LastSeq : null;
                },
                link,
                start.Token).ConfigureAwait(false);
            return new JetStreamReadLog(options, registry, link, lastSeq);
        }
        catch (UnauthorizedAccessException e)
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the replicated read log could not be opened: {e.Message}", e);
        }
        catch (Exception e) when (e is OperationCanceledException or NatsException && !cancellationToken.IsCancellationRequested)
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw new IOException(
                $"the replicated read log could not be opened: the stream {options.StreamName} on {string.Join(", ", options.Nats.Servers)} did not get a leader within {options.StartTimeout.TotalSeconds:F0} s (are three nats-server with JetStream running and routed to each other, and does the node's TLS CA and user match theirs?)",
                e);
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Asks until the cluster answers with a value: while JetStream elects its leaders (a fresh cluster, a server
    /// that came back) its API answers "temporarily unavailable" or not at all. Waits a little between attempts. A
    /// request the servers refused for permissions is not asked again: <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    private static async Task<long> UntilAnswered(Func<CancellationToken, Task<long?>> ask, NatsLink link, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            link.ThrowIfDenied();
            try
            {
                if (await ask(cancellationToken).ConfigureAwait(false) is { } value)
                {
                    return value;
                }
            }
            catch (NatsException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not ready yet; the deadline ends the wait.
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>The stream sequence of the last message acknowledged to or replayed by this node.</summary>
    public long Position => Volatile.Read(ref position);

    /// <summary>The stream this log writes.</summary>
    public string StreamName => options.StreamName;

    public void Append(ReadOnlySpan<MeterRead> reads, MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (reads.IsEmpty)
        {
            return;
        }

        var messages = Encode(reads, registry);
        long last;
        try
        {
            last = PublishAllAsync(messages).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
        {
            throw new IOException($"the JetStream stream {options.StreamName} did not acknowledge the batch: {e.Message}", e);
        }

        InterlockedMax(ref position, last);
    }

    /// <summary>
    /// The batch as messages: per partition, the binary format's magic and the partition's reads in batch order,
    /// cut into messages of at most <see cref="JetStreamReadLogOptions.MaxMessageBytes"/>.
    /// </summary>
    private List<(string Subject, ReadOnlyMemory<byte> Payload)> Encode(ReadOnlySpan<MeterRead> reads, MeterRegistry registry)
    {
        var partitions = options.Partitions;
        var writers = new ArrayBufferWriter<byte>?[partitions];
        var messages = new List<(string, ReadOnlyMemory<byte>)>();
        var limit = options.MaxMessageBytes - BinaryReads.MaxRecordBytes;
        foreach (ref readonly var read in reads)
        {
            var p = read.Ordinal % partitions;
            var writer = writers[p];
            if (writer is null)
            {
                writer = writers[p] = new ArrayBufferWriter<byte>(Math.Min(options.MaxMessageBytes, 64 * 1024));
                BinaryReadsWriter.WriteMagic(writer);
            }

            BinaryReadsWriter.WriteRead(writer, registry.MeterIdUtf8Of(read.Ordinal), read.UtcTicks, read.RegisterUnits, read.Direction);
            if (writer.WrittenCount > limit)
            {
                messages.Add((options.Subject(p), writer.WrittenMemory));
                writers[p] = null;
            }
        }

        for (var p = 0; p < partitions; p++)
        {
            if (writers[p] is { } writer)
            {
                messages.Add((options.Subject(p), writer.WrittenMemory));
            }
        }

        return messages;
    }

    /// <summary>Publishes every message at once and waits for all acknowledgements; returns the highest sequence.</summary>
    private async Task<long> PublishAllAsync(List<(string Subject, ReadOnlyMemory<byte> Payload)> messages)
    {
        using var timeout = new CancellationTokenSource(options.PublishTimeout);
        var acks = new Task<PubAckResponse>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var (subject, payload) = messages[i];
            var id = Convert.ToHexString(SHA256.HashData(payload.Span));
            acks[i] = js.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = id }, cancellationToken: timeout.Token).AsTask();
        }

        long last = 0;
        foreach (var ack in await Task.WhenAll(acks).ConfigureAwait(false))
        {
            // A duplicate is a success: the same content was stored by an earlier publish (a batch refused after
            // some of its messages were stored, then sent again), and the ack carries that message's sequence.
            if (ack.Error is { } error)
            {
                throw new IOException($"the JetStream stream {options.StreamName} refused a message: {error.Code} {error.Description}");
            }

            last = Math.Max(last, (long)ack.Seq);
        }

        return last;
    }

    public string? MeterIdOfLogged(int loggedOrdinal) =>
        (uint)loggedOrdinal < (uint)registry.Count ? registry[loggedOrdinal].MeterId : null;

    /// <summary>Logged ordinals are this log's registry's; mapped by meter ID when <paramref name="registry"/> is another.</summary>
    public int[] OrdinalsOfLogged(MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var map = new int[this.registry.Count];
        for (var o = 0; o < map.Length; o++)
        {
            map[o] = ReferenceEquals(registry, this.registry) ? o
                : registry.TryGetOrdinal(this.registry[o].MeterId, out var other) ? other : -1;
        }

        return map;
    }

    /// <summary>
    /// The reads of the messages after stream sequence <paramref name="position"/>, through the stream's last
    /// message when this is called (an ordered consumer, so in stream order). Reads of meters the registry no
    /// longer holds are skipped.
    /// </summary>
    public IEnumerable<LoggedRead> ReadFrom(long position) => ReadFromAsync(position).ToBlockingEnumerable();

    private async IAsyncEnumerable<LoggedRead> ReadFromAsync(long from, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A node that starts while the cluster elects its leaders (a server restarted with it) gets no API answer for
        // a moment: ask again until the stream answers, within the start timeout.
        long end;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.StartTimeout);
            end = await UntilAnswered(
                async ct => (long?)(long)(await js.GetStreamAsync(options.StreamName, cancellationToken: ct).ConfigureAwait(false)).Info.State.LastSeq,
                link,
                deadline.Token).ConfigureAwait(false);
        }

        if (end <= from)
        {
            InterlockedMax(ref position, end);
            yield break;
        }

        var consumer = await js.CreateOrderedConsumerAsync(
            options.StreamName,
            new NatsJSOrderedConsumerOpts
            {
                DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
                OptStartSeq = (ulong)Math.Max(from + 1, 1),
            },
            cancellationToken).ConfigureAwait(false);
        var reads = new List<MeterRead>();
        var unknown = new List<RejectedRead>();
        await foreach (var message in consumer.ConsumeAsync<ReadOnlyMemory<byte>>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            reads.Clear();
            unknown.Clear();
            BinaryReadsReader.Decode(message.Data.Span, registry, reads, unknown);

            // Each read ends at its message's sequence: a publication journaled at a position was marked after every
            // message up to it was applied, so a replay restores it before the reads of the next message.
            var sequence = (long)(message.Metadata?.Sequence.Stream ?? 0);
            foreach (var read in reads)
            {
                yield return new LoggedRead(read.Ordinal, read.UtcTicks, read.RegisterUnits, read.Direction, sequence);
            }

            if (sequence >= end)
            {
                break;
            }
        }

        InterlockedMax(ref position, end);
    }

    public void Dispose() => link.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
