namespace Renkei.Metering.Cluster;

/// <summary>
/// How a metering node reaches the NATS servers (cluster mode), shared by the read log and the partition leases:
/// the servers, the CA the servers' TLS certificate must chain to, and the node's user and password
/// (docs/security.md, "NATS").
/// </summary>
public sealed class NatsConnectionOptions
{
    /// <summary>The NATS servers (<c>nats://host:port</c>); the client connects to one and fails over to the others.</summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>
    /// The CA certificate (PEM) the servers' certificate must chain to. When set, the connection is TLS or nothing:
    /// a server that does not offer TLS, or whose certificate does not chain to this CA or name the host, is refused.
    /// Null: TLS only if the server asks for it, verified against the machine's trusted roots.
    /// </summary>
    public string? CaFile { get; init; }

    /// <summary>The NATS user the node connects as (<c>metering-&lt;area&gt;</c> in the cluster's configuration); null: none.</summary>
    public string? User { get; init; }

    /// <summary>The user's password; required with <see cref="User"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// The prefix of the connection's reply subjects: <c>_INBOX.&lt;user&gt;</c>, so that the server lets each user
    /// subscribe to its own replies only (docs/security.md); <c>_INBOX</c> without a user.
    /// </summary>
    public string InboxPrefix => User is null ? "_INBOX" : $"_INBOX.{User}";

    /// <summary>Checks the values: a clear error naming the setting.</summary>
    public void Validate()
    {
        if (Servers.Count == 0)
        {
            throw new ArgumentException("at least one NATS server URL is needed", nameof(Servers));
        }

        if (CaFile is not null && !File.Exists(CaFile))
        {
            throw new ArgumentException($"the NATS CA file {CaFile} does not exist", nameof(CaFile));
        }

        if (User is not null && (User.Length is 0 or > 64 || !User.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"the NATS user '{User}' must be 1 to 64 letters, digits, '-' or '_'", nameof(User));
        }

        if ((User is null) != (Password is null))
        {
            throw new ArgumentException("the NATS user and password go together: give both or neither", User is null ? nameof(User) : nameof(Password));
        }
    }

    /// <summary>The servers as the client's URL list.</summary>
    internal string Url => string.Join(",", Servers.Select(s => s.ToString().TrimEnd('/')));
}
