using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Npgsql;

namespace Renkei.Metering.History;

/// <summary>
/// The history store on PostgreSQL (the production option): the same layout as <see cref="SqliteHistoryStore"/>,
/// one row per slot and partition with a column-oriented <c>bytea</c> stored uncompressed
/// (<c>STORAGE EXTERNAL</c>), so reading one meter's value is a <c>substring</c> at its offset that PostgreSQL
/// serves without reading the whole value.
/// </summary>
public sealed partial class PostgresHistoryStore : IHistoryStore
{
    private readonly NpgsqlDataSource dataSource;
    private readonly string table;

    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="table">Table name (letters, digits, underscore); default <c>metering_slot_values</c>.</param>
    public PostgresHistoryStore(string connectionString, string table = "metering_slot_values")
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!Identifier().IsMatch(table))
        {
            throw new ArgumentException("the table name must be letters, digits and underscores", nameof(table));
        }

        this.table = table;
        dataSource = NpgsqlDataSource.Create(connectionString);
        using var create = dataSource.CreateCommand($"""
            CREATE TABLE IF NOT EXISTS {table} (
                slot_start bigint NOT NULL,
                part_from integer NOT NULL,
                meters integer NOT NULL,
                version bigint NOT NULL,
                published_at timestamptz NULL,
                data bytea NOT NULL,
                PRIMARY KEY (slot_start, part_from));
            ALTER TABLE {table} ALTER COLUMN data SET STORAGE EXTERNAL;
            """);
        create.ExecuteNonQuery();
    }

    public void WriteSlot(long slotStart, int from, ReadOnlySpan<int> importUnits, ReadOnlySpan<byte> importQuality, ReadOnlySpan<int> exportUnits, ReadOnlySpan<byte> exportQuality, long version, DateTimeOffset? publishedAt)
    {
        var n = importUnits.Length;
        var data = SlotValuesBlob.Encode(importUnits, importQuality, exportUnits, exportQuality);
        using var insert = dataSource.CreateCommand($"""
            INSERT INTO {table} (slot_start, part_from, meters, version, published_at, data) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (slot_start, part_from) DO UPDATE SET meters = EXCLUDED.meters, version = EXCLUDED.version,
                published_at = EXCLUDED.published_at, data = EXCLUDED.data
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = slotStart });
        insert.Parameters.Add(new NpgsqlParameter { Value = from });
        insert.Parameters.Add(new NpgsqlParameter { Value = n });
        insert.Parameters.Add(new NpgsqlParameter { Value = version });
        insert.Parameters.Add(new NpgsqlParameter { Value = publishedAt is { } p ? p.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = data });
        insert.ExecuteNonQuery();
    }

    public bool TryRead(long slotStart, int ordinal, bool exportLane, out int units, out byte quality, out long version)
    {
        units = 0;
        quality = 0;
        version = 0;
        // The offsets of SlotValuesBlob.UnitsOffset and QualityOffset, computed by the server (1-based).
        using var find = dataSource.CreateCommand($"""
            SELECT meters, version, $2 - part_from AS i,
                   substring(data FROM ((CASE WHEN $3 THEN meters * 5 ELSE 0 END) + ($2 - part_from) * 4 + 1) FOR 4),
                   substring(data FROM ((CASE WHEN $3 THEN meters * 9 ELSE meters * 4 END) + ($2 - part_from) + 1) FOR 1)
            FROM {table} WHERE slot_start = $1 AND part_from <= $2 ORDER BY part_from DESC LIMIT 1
            """);
        find.Parameters.Add(new NpgsqlParameter { Value = slotStart });
        find.Parameters.Add(new NpgsqlParameter { Value = ordinal });
        find.Parameters.Add(new NpgsqlParameter { Value = exportLane });
        using var reader = find.ExecuteReader();
        if (!reader.Read() || reader.GetInt32(2) >= reader.GetInt32(0))
        {
            return false;
        }

        version = reader.GetInt64(1);
        units = BinaryPrimitives.ReadInt32LittleEndian(reader.GetFieldValue<byte[]>(3));
        quality = reader.GetFieldValue<byte[]>(4)[0];
        return true;
    }

    /// <summary>Drops the table (tests clean up with it).</summary>
    public void DropTable()
    {
        using var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {table}");
        drop.ExecuteNonQuery();
    }

    public void Dispose() => dataSource.Dispose();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
