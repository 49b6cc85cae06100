using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Renkei.Hosting.Audit;

/// <summary>
/// An append-only audit log: one JSON object per line in <c>audit.log</c>, written by one background writer (a batch
/// per write, flushed to disk with fsync), never rewritten. Each line carries <c>prev</c>, the SHA-256 of the line
/// before it, so removing or editing a line breaks the chain (<see cref="Verify(string)"/>).
/// The writer is a thread of its own (the fsync blocks it, not a thread-pool thread serving requests) and builds
/// each batch as UTF-8 in one reused buffer: the bytes hashed are the bytes written.
/// Group commit: the writer syncs at most once per <see cref="SyncInterval"/>; what arrives in between waits in the
/// queue and goes into the next batch, so a line waits at most one interval longer to be on disk (the cost of an
/// fsync per batch is in docs/performance.md).
/// Faults: a batch the disk refuses (full, read-only, gone) is cut back off the file, so no torn line stays, and
/// written again with backoff until it succeeds; meanwhile <see cref="Failing"/> is true and the gateway refuses what
/// it cannot audit. A torn last line left by a crash is cut off when the log opens. One process at a time writes a
/// folder's log (a <see cref="FolderLock"/>).
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    public const string FileName = "audit.log";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Genesis = new('0', 64);
    private static readonly JsonEncodedText PrevName = JsonEncodedText.Encode("prev");
    private static readonly JsonEncodedText EntryName = JsonEncodedText.Encode("entry");

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private readonly Channel<object> queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream file;
    private readonly FolderLock folderLock;
    private readonly CancellationTokenSource closing = new();
    private volatile bool failing;
    private volatile Exception? fault;

    /// <summary>The length of the file up to the end of the last batch on disk.</summary>
    private long durableLength;
    private readonly TaskCompletionSource written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The SHA-256 of the last line written, as lower-case hex in UTF-8.</summary>
    private readonly byte[] previous = new byte[64];

    /// <summary>The default <see cref="SyncInterval"/>.</summary>
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromMilliseconds(10);

    public AuditLog(string directory, TimeSpan? syncInterval = null)
    {
        SyncInterval = syncInterval ?? DefaultSyncInterval;
        if (SyncInterval < TimeSpan.Zero || SyncInterval > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(syncInterval), syncInterval, "The audit log's sync interval must be between 0 and 1 s");
        }

        folderLock = FolderLock.Acquire(directory, FileName, "audit log folder");
        try
        {
            Path = System.IO.Path.Combine(directory, FileName);

            // Unbuffered: each batch is one write of its own bytes, so a refused write leaves nothing behind in a
            // stream buffer to be written later.
            file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 0);
            TornBytesDropped = DropTornTail(file);
            durableLength = file.Length;
            file.Position = durableLength;
            Encoding.ASCII.GetBytes(LastHash(file), previous);
            file.Position = durableLength;
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch
        {
            file?.Dispose();
            folderLock.Dispose();
            throw;
        }

        new Thread(WriteLoop) { IsBackground = true, Name = "audit log writer" }.Start();
    }

    public string Path { get; }

    /// <summary>The bytes of a torn last line (a crash mid-write) cut off when the log opened; 0 for a clean log.</summary>
    public long TornBytesDropped { get; }

    /// <summary>True while the disk refuses the log's writes (the writer retries with backoff); what cannot be audited must be refused.</summary>
    public bool Failing => failing;

    /// <summary>The last write fault, or null if the last write succeeded.</summary>
    public Exception? Fault => fault;

    /// <summary>Raised on the writer's thread when <see cref="Failing"/> changes (true: writes refused; false: written again).</summary>
    public event EventHandler<bool>? FailingChanged;

    /// <summary>The least time between two syncs to disk (group commit): the longest a line waits beyond its batch.</summary>
    public TimeSpan SyncInterval { get; }

    /// <summary>Queues <paramref name="entry"/>; it is on disk after the next batch (see <see cref="FlushAsync"/>).</summary>
    public void Append(AuditEntry entry) => queue.Writer.TryWrite(entry);

    /// <summary>Completes when everything appended before the call is on disk.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite(done))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>The entries that match <paramref name="query"/>, oldest first (at most <see cref="AuditQuery.Limit"/>, the newest ones).</summary>
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await FlushAsync().ConfigureAwait(false);
        return Read(Path, query);
    }

    /// <summary>Reads <paramref name="path"/> (a gateway's audit.log) without a running gateway.</summary>
    public static IReadOnlyList<AuditEntry> Read(string path, AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = new Queue<AuditEntry>();
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var entry = Parse(line, out var error)?.Entry;
            if (entry is null)
            {
                throw new AuditLogFormatException(path, number, error ?? "not an audit entry");
            }

            if (query.Matches(entry))
            {
                found.Enqueue(entry);
                if (found.Count > query.Limit)
                {
                    found.Dequeue();
                }
            }
        }

        return [.. found];
    }

    /// <summary>Checks the hash chain of <paramref name="path"/>; returns the 1-based number of the first broken line, or 0 if intact.</summary>
    public static long Verify(string path) => Verify(path, out _);

    /// <summary>
    /// Checks the hash chain of <paramref name="path"/>; returns the 1-based number of the first broken line, or 0 if
    /// intact, and in <paramref name="reason"/> why that line is broken.
    /// </summary>
    public static long Verify(string path, out string? reason)
    {
        var expected = Genesis;
        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var parsed = Parse(line, out var error);
            if (parsed is null)
            {
                reason = error ?? "not an audit entry";
                return number;
            }

            if (!string.Equals(parsed.Prev, expected, StringComparison.Ordinal))
            {
                reason = "its prev is not the hash of the line before it (a line was removed, inserted or edited)";
                return number;
            }

            expected = Hash(line);
        }

        reason = null;
        return 0;
    }

    /// <summary>
    /// Writes what is queued and closes the file. A disk that still refuses the log gets one more attempt; what it
    /// refuses then is not written (<see cref="Failing"/> stays true) and closing does not throw for it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await closing.CancelAsync().ConfigureAwait(false);
        await written.Task.ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
        folderLock.Dispose();
        closing.Dispose();
    }

    private void WriteLoop()
    {
        try
        {
            var waiting = new List<TaskCompletionSource>();
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            using var json = new Utf8JsonWriter(buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var lastSync = 0L;
            while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                // Group commit: less than an interval since the last sync, the writer lets the queue fill until it ends.
                var since = Stopwatch.GetElapsedTime(lastSync);
                if (lastSync != 0 && since < SyncInterval)
                {
                    Thread.Sleep(SyncInterval - since);
                }

                buffer.ResetWrittenCount();
                while (queue.Reader.TryRead(out var item))
                {
                    if (item is AuditEntry entry)
                    {
                        // {"prev":"<hex>","entry":{...}}: the shape JsonSerializer gives AuditLine, which Read and
                        // Verify parse; the hash covers exactly the line's bytes, without its newline.
                        var start = buffer.WrittenCount;
                        json.Reset(buffer);
                        json.WriteStartObject();
                        json.WriteString(PrevName, previous);
                        json.WritePropertyName(EntryName);
                        JsonSerializer.Serialize(json, entry, AuditJsonContext.Default.AuditEntry);
                        json.WriteEndObject();
                        json.Flush();
                        SHA256.HashData(buffer.WrittenSpan[start..], hash);
                        if (!Convert.TryToHexStringLower(hash, previous, out _))
                        {
                            throw new InvalidOperationException("SHA-256 hex does not fit");
                        }

                        buffer.Write("\n"u8);
                    }
                    else if (item is TaskCompletionSource done)
                    {
                        waiting.Add(done);
                    }
                }

                try
                {
                    if (buffer.WrittenCount > 0)
                    {
                        WriteDurably(buffer.WrittenSpan);
                        lastSync = Stopwatch.GetTimestamp();
                    }
                }
                finally
                {
                    foreach (var done in waiting)
                    {
                        done.TrySetResult();
                    }

                    waiting.Clear();
                }
            }

            written.TrySetResult();
        }
#pragma warning disable CA1031 // The writer's failure is handed to whoever disposes the log.
        catch (Exception e)
#pragma warning restore CA1031
        {
            written.TrySetException(e);
        }
    }

    /// <summary>
    /// Writes one batch and syncs it; on a fault cuts the file back to the last batch on disk and tries again with
    /// backoff, until it succeeds or the log is closing (then after one last attempt it gives the batch up).
    /// </summary>
    private void WriteDurably(ReadOnlySpan<byte> batch)
    {
        var wait = FirstRetry;
        while (true)
        {
            try
            {
                file.Write(batch);
                file.Flush(flushToDisk: true);
                durableLength += batch.Length;
                fault = null;
                if (failing)
                {
                    failing = false;
                    FailingChanged?.Invoke(this, false);
                }

                return;
            }
            catch (IOException e)
            {
                fault = e;
                Rewind();
                if (!failing)
                {
                    failing = true;
                    FailingChanged?.Invoke(this, true);
                }

                if (closing.IsCancellationRequested)
                {
                    return;
                }

                closing.Token.WaitHandle.WaitOne(wait);
                wait = wait * 2 > LastRetry ? LastRetry : wait * 2;
            }
        }
    }

    /// <summary>Cuts off whatever part of a refused batch reached the file.</summary>
    private void Rewind()
    {
        try
        {
            file.SetLength(durableLength);
            file.Position = durableLength;
        }
        catch (IOException)
        {
            // The next attempt starts with another rewind: WriteDurably only returns after a whole batch is on disk.
            file.Position = durableLength;
        }
    }

    /// <summary>Cuts a last line without its newline (a write torn by a crash) off the file; returns the bytes cut.</summary>
    private static long DropTornTail(FileStream file)
    {
        var length = file.Length;
        var keep = LineStart(file, length);
        if (keep != length)
        {
            file.SetLength(keep);
            file.Flush(flushToDisk: true);
        }

        return length - keep;
    }

    /// <summary>The hash of the file's last line (the file ends with a newline), or the genesis hash for an empty file.</summary>
    private static string LastHash(FileStream file)
    {
        var length = file.Length;
        if (length == 0)
        {
            return Genesis;
        }

        var start = LineStart(file, length - 1);
        var line = new byte[length - 1 - start];
        file.Position = start;
        file.ReadExactly(line);
        return Convert.ToHexStringLower(SHA256.HashData(line));
    }

    /// <summary>Where the line that ends at <paramref name="end"/> starts: just after the last newline before it, or 0.</summary>
    private static long LineStart(FileStream file, long end)
    {
        var block = new byte[4096];
        while (end > 0)
        {
            var start = Math.Max(0, end - block.Length);
            file.Position = start;
            var span = block.AsSpan(0, (int)(end - start));
            file.ReadExactly(span);
            var newline = span.LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }

    private static AuditLine? Parse(string line, out string? error)
    {
        try
        {
            error = null;
            var parsed = JsonSerializer.Deserialize<AuditLine>(line, Json);
            if (parsed?.Entry is null || parsed.Prev is null)
            {
                error = "not an audit entry (no prev or entry)";
                return null;
            }

            return parsed;
        }
        catch (JsonException e)
        {
            error = $"not JSON ({e.Message})";
            return null;
        }
    }

    private static string Hash(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

    private sealed record AuditLine(string Prev, AuditEntry Entry);
}

/// <summary>A line of an audit log that is not an audit entry (e.g. a torn or edited line).</summary>
public sealed class AuditLogFormatException : Exception
{
    public AuditLogFormatException(string path, long line, string reason)
        : base($"{path}: line {line}: {reason}")
    {
        Line = line;
    }

    public AuditLogFormatException()
    {
    }

    public AuditLogFormatException(string message)
        : base(message)
    {
    }

    public AuditLogFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The 1-based number of the line.</summary>
    public long Line { get; }
}
