using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Renkei.Gateway.Audit;

/// <summary>
/// The gateway's append-only audit log: one JSON object per line in <c>audit.log</c>, written by one background
/// writer (a batch per write, flushed to disk with fsync), never rewritten. Each line carries <c>prev</c>, the
/// SHA-256 of the line before it, so removing or editing a line breaks the chain (<see cref="Verify"/>).
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    public const string FileName = "audit.log";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Genesis = new('0', 64);

    private readonly Channel<object> queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FileStream file;
    private readonly Task writer;
    private string previous;

    public AuditLog(string directory)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        previous = LastHash(Path);
        file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        writer = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

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
        while (reader.ReadLine() is { } line)
        {
            var entry = JsonSerializer.Deserialize<AuditLine>(line, Json)?.Entry;
            if (entry is not null && query.Matches(entry))
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
    public static long Verify(string path)
    {
        var expected = Genesis;
        long number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var parsed = JsonSerializer.Deserialize<AuditLine>(line, Json);
            if (parsed is null || !string.Equals(parsed.Prev, expected, StringComparison.Ordinal))
            {
                return number;
            }

            expected = Hash(line);
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var waiting = new List<TaskCompletionSource>();
        var buffer = new StringBuilder();
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            buffer.Clear();
            while (queue.Reader.TryRead(out var item))
            {
                if (item is AuditEntry entry)
                {
                    var line = JsonSerializer.Serialize(new AuditLine(previous, entry), Json);
                    previous = Hash(line);
                    buffer.Append(line).Append('\n');
                }
                else if (item is TaskCompletionSource done)
                {
                    waiting.Add(done);
                }
            }

            try
            {
                if (buffer.Length > 0)
                {
                    var bytes = Encoding.UTF8.GetBytes(buffer.ToString());
                    await file.WriteAsync(bytes).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
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
    }

    private static string LastHash(string path)
    {
        if (!File.Exists(path))
        {
            return Genesis;
        }

        string? last = null;
        foreach (var line in File.ReadLines(path))
        {
            last = line;
        }

        return last is null ? Genesis : Hash(last);
    }

    private static string Hash(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

    private sealed record AuditLine(string Prev, AuditEntry Entry);
}
