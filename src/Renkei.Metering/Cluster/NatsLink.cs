using NATS.Client.Core;

namespace Renkei.Metering.Cluster;

/// <summary>
/// One connection to the NATS servers, made the same way for the read log and the partition leases
/// (<see cref="NatsConnectionOptions"/>: TLS against the cluster's CA, the node's user), and the last permission
/// violation the servers reported on it. A request the server refuses for permissions gets no answer, only a
/// <c>-ERR</c> on the connection: <see cref="ThrowIfDenied"/> turns that into a clear error instead of a wait
/// until the timeout.
/// </summary>
internal sealed class NatsLink : IAsyncDisposable
{
    private volatile string? denied;

    /// <param name="options">Where and as whom.</param>
    /// <param name="name">The connection's name in the servers' monitoring.</param>
    /// <param name="requestTimeout">How long a request (and a command) may wait for its answer.</param>
    public NatsLink(NatsConnectionOptions options, string name, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Connection = new NatsConnection(new NatsOpts
        {
            Url = options.Url,
            Name = name,
            RequestTimeout = requestTimeout,
            CommandTimeout = requestTimeout,
            RetryOnInitialConnect = true,
            MaxReconnectRetry = -1,
            InboxPrefix = options.InboxPrefix,
            AuthOpts = options.User is null ? NatsAuthOpts.Default : NatsAuthOpts.Default with { Username = options.User, Password = options.Password },
            TlsOpts = options.CaFile is null ? NatsTlsOpts.Default : NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = options.CaFile },
        });
        Connection.ServerError += OnServerError;
    }

    public NatsConnectionOptions Options { get; }

    public NatsConnection Connection { get; }

    /// <summary>The server's words for the last operation it refused for permissions, or null.</summary>
    public string? Denied => denied;

    /// <summary>Connects, waiting at most until <paramref name="cancellationToken"/> (reconnecting meanwhile).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken) =>
        await Connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Throws <see cref="UnauthorizedAccessException"/> naming the user and the refused subject if the servers refused one.</summary>
    public void ThrowIfDenied()
    {
        if (denied is { } error)
        {
            throw new UnauthorizedAccessException($"the NATS servers refused user {Options.User ?? "(none)"}: {error} (docs/security.md lists each node's permissions)");
        }
    }

    private ValueTask OnServerError(object? sender, NatsServerErrorEventArgs e)
    {
        if (e.Error.Contains("Permissions Violation", StringComparison.OrdinalIgnoreCase) || e.Error.Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase))
        {
            denied = e.Error;
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Connection.ServerError -= OnServerError;
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
