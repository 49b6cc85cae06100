using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Renkei.Switching.Store;

/// <summary>
/// Per-connection SQLite settings (they are not stored in the file): a busy timeout for writers of other
/// processes, and <c>synchronous</c> as configured (the node uses NORMAL with <see cref="WalGroupSync"/>; FULL makes each commit fsync).
/// </summary>
public sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private readonly string sql = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
