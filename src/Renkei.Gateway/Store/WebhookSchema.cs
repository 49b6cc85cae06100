using Microsoft.EntityFrameworkCore;

namespace Renkei.Gateway.Store;

/// <summary>
/// Adds the webhook tables to a <c>gateway.db</c> created before they existed. <c>EnsureCreated</c> does nothing on a
/// database that already has tables, so the model's own create script is replayed with <c>IF NOT EXISTS</c>: what
/// exists is kept, what is missing is created.
/// </summary>
internal static class WebhookSchema
{
    public static async Task EnsureAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var script = db.Database.GenerateCreateScript();
        foreach (var raw in script.Split(';'))
        {
            var statement = raw.Trim();
            if (statement.Length == 0)
            {
                continue;
            }

            statement = statement
                .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
#pragma warning disable EF1002 // the statements are the model's own create script, no input in them
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }
    }
}
