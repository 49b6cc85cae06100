using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Renkei.Metering.History;

/// <summary>
/// The history store on SQLite (the embedded default): table <c>slot_values</c> holds one row per slot and
/// partition, its values in one column-oriented blob (<see cref="SlotValuesBlob"/>), so a slot of 10 million meters is a handful of rows
/// and one meter's value is read with a blob read at its offset, not a scan.
/// </summary>
internal sealed class SqliteHistoryStore : IHistoryStore
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();

    public SqliteHistoryStore(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS slot_values (
                slot_start INTEGER NOT NULL,
                part_from INTEGER NOT NULL,
                meters INTEGER NOT NULL,
                version INTEGER NOT NULL,
                published_at TEXT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (slot_start, part_from));
            """;
        create.ExecuteNonQuery();
    }

    public void WriteSlot(long slotStart, int from, ReadOnlySpan<int> importUnits, ReadOnlySpan<byte> importQuality, ReadOnlySpan<int> exportUnits, ReadOnlySpan<byte> exportQuality, long version, DateTimeOffset? publishedAt)
    {
        var n = importUnits.Length;
        var data = SlotValuesBlob.Encode(importUnits, importQuality, exportUnits, exportQuality);

        lock (gate)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT OR REPLACE INTO slot_values (slot_start, part_from, meters, version, published_at, data) VALUES ($s, $f, $n, $v, $p, $d)";
            insert.Parameters.AddWithValue("$s", slotStart);
            insert.Parameters.AddWithValue("$f", from);
            insert.Parameters.AddWithValue("$n", n);
            insert.Parameters.AddWithValue("$v", version);
            insert.Parameters.AddWithValue("$p", publishedAt is { } p ? p.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : DBNull.Value);
            insert.Parameters.AddWithValue("$d", data);
            insert.ExecuteNonQuery();
        }
    }

    public bool TryRead(long slotStart, int ordinal, bool exportLane, out int units, out byte quality, out long version)
    {
        units = 0;
        quality = 0;
        version = 0;
        lock (gate)
        {
            using var find = connection.CreateCommand();
            find.CommandText = "SELECT rowid, part_from, meters, version FROM slot_values WHERE slot_start = $s AND part_from <= $o ORDER BY part_from DESC LIMIT 1";
            find.Parameters.AddWithValue("$s", slotStart);
            find.Parameters.AddWithValue("$o", ordinal);
            using var reader = find.ExecuteReader();
            if (!reader.Read())
            {
                return false;
            }

            var rowid = reader.GetInt64(0);
            var from = reader.GetInt32(1);
            var n = reader.GetInt32(2);
            version = reader.GetInt64(3);
            var i = ordinal - from;
            if (i >= n)
            {
                return false;
            }

            using var blob = new SqliteBlob(connection, "slot_values", "data", rowid, readOnly: true);
            Span<byte> buffer = stackalloc byte[4];
            blob.Position = SlotValuesBlob.UnitsOffset(n, i, exportLane);
            blob.ReadExactly(buffer);
            units = BinaryPrimitives.ReadInt32LittleEndian(buffer);
            blob.Position = SlotValuesBlob.QualityOffset(n, i, exportLane);
            blob.ReadExactly(buffer[..1]);
            quality = buffer[0];
            return true;
        }
    }

    public void Dispose() => connection.Dispose();
}
