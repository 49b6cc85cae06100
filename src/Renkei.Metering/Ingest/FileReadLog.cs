using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Ingest;

/// <summary>
/// The embedded read log: one append-only file of fixed-layout binary records
/// (<c>u8 length, meter ID in UTF-8, i64 UTC ticks, i64 register units, u8 direction</c>), each batch written
/// with one write and flushed to disk (fsync) before the batch is acknowledged. A torn record at the tail
/// (a crash mid-write) is cut off when the log is opened; nothing before it is lost.
/// </summary>
public sealed class FileReadLog : IReadLog
{
    private const int FixedPart = 8 + 8 + 1;
    private readonly string path;
    private readonly FileStream stream;

    public FileReadLog(string directory)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, "reads.log");
        var validLength = ScanValidLength(path);
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        if (stream.Length != validLength)
        {
            stream.SetLength(validLength);
        }

        stream.Seek(0, SeekOrigin.End);
    }

    public void Append(ReadOnlySpan<MeterRead> reads, IReadOnlyList<string> meterIds)
    {
        ArgumentNullException.ThrowIfNull(meterIds);
        var size = 0;
        foreach (ref readonly var read in reads)
        {
            size += 1 + Encoding.UTF8.GetByteCount(meterIds[read.Ordinal]) + FixedPart;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var pos = 0;
            foreach (ref readonly var read in reads)
            {
                var id = meterIds[read.Ordinal];
                var n = Encoding.UTF8.GetBytes(id, buffer.AsSpan(pos + 1));
                if (n > byte.MaxValue)
                {
                    throw new InvalidOperationException($"meter ID {id} is longer than 255 bytes");
                }

                buffer[pos] = (byte)n;
                pos += 1 + n;
                BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(pos), read.UtcTicks);
                BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(pos + 8), read.RegisterUnits);
                buffer[pos + 16] = (byte)read.Direction;
                pos += FixedPart;
            }

            var start = stream.Position;
            try
            {
                stream.Write(buffer, 0, pos);
                stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                // Cut a partly written batch off again, so the next append does not follow torn bytes.
                stream.SetLength(start);
                stream.Position = start;
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public IEnumerable<LoggedRead> ReadAll()
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var end = stream.Length;
        var header = new byte[1];
        var body = new byte[255 + FixedPart];
        long pos = 0;
        while (pos < end)
        {
            reader.ReadExactly(header);
            var n = header[0];
            reader.ReadExactly(body, 0, n + FixedPart);
            var id = Encoding.UTF8.GetString(body, 0, n);
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(n));
            var units = BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(n + 8));
            var dir = (Direction)body[n + 16];
            pos += 1 + n + FixedPart;
            yield return new LoggedRead(id, ticks, units, dir);
        }
    }

    public void Dispose() => stream.Dispose();

    private static long ScanValidLength(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        long valid = 0;
        var length = reader.Length;
        while (valid < length)
        {
            reader.Position = valid;
            var n = reader.ReadByte();
            if (n < 0 || valid + 1 + n + FixedPart > length)
            {
                break;
            }

            valid += 1 + n + FixedPart;
        }

        return valid;
    }
}
