using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Renkei.Gateway.Store;

namespace Renkei.Gateway.Auth;

/// <summary>
/// Revocations between gateway instances on a shared PostgreSQL store: the instance that revokes a token announces
/// it with <c>NOTIFY</c> on <see cref="Channel"/>; every instance <c>LISTEN</c>s and adds it to its
/// <see cref="RevokedTokens"/>, which every request checks. After each (re)connection the listener first reads the
/// store's revoked tokens again, so one missed while it was disconnected is still refused. On <c>gateway.db</c>
/// (one instance) it does nothing.
/// </summary>
internal sealed partial class RevocationFeed(GatewayStore store, RevokedTokens revoked, IServiceScopeFactory scopes, ILogger<RevocationFeed> logger) : BackgroundService
{
    public const string Channel = "renkei_gateway_revocations";

    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised with a token's ID when another instance's revocation of it arrives (after it is added).</summary>
    public event Action<string>? Received;

    /// <summary>Completes once the first <c>LISTEN</c> is in place and the store read (at once on SQLite).</summary>
    public Task Listening => listening.Task;

    /// <summary>Announces a revocation to the other instances (nothing on SQLite).</summary>
    public async Task PublishAsync(string tokenId, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        if (!store.IsShared)
        {
            return;
        }

        await using var connection = store.CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var notify = connection.CreateCommand();
        notify.CommandText = $"SELECT pg_notify('{Channel}', @payload)";
        var payload = notify.CreateParameter();
        payload.ParameterName = "payload";
        payload.Value = string.Create(CultureInfo.InvariantCulture, $"{expires.ToUnixTimeMilliseconds()} {tokenId}");
        notify.Parameters.Add(payload);
        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store.Postgres is not { } postgres)
        {
            listening.TrySetResult();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false, KeepAlive = 10 }.ConnectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                await using (var scope = scopes.CreateAsyncScope())
                {
                    await revoked.LoadAsync(scope.ServiceProvider.GetRequiredService<GatewayDbContext>(), stoppingToken).ConfigureAwait(false);
                }

                listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                LogDisconnected(logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string payload)
    {
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !long.TryParse(payload.AsSpan(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return;
        }

        var id = payload[(space + 1)..];
        revoked.Add(id, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        Received?.Invoke(id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocations of the other gateway instances: the listening connection failed; connecting again (the store's revoked tokens are read again)")]
    private static partial void LogDisconnected(ILogger logger, Exception error);
}
