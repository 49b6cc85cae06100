using System.Text;
using Renkei.Metering.Ingest.JetStream;

namespace Renkei.Metering.Cluster;

/// <summary>
/// The NATS users of a cluster and what each may do, as a nats-server <c>authorization</c> block
/// (docs/security.md, "NATS"). Per area two users:
/// <list type="bullet">
/// <item><c>metering-&lt;area&gt;</c>, the metering node: its area's read subjects, its area's stream (create,
/// info, an ordered consumer to replay it), the lease bucket (create, info) and its area's keys in it (lease,
/// route, node announcement). Today the HES and the node are one process, so the node also publishes the reads.</item>
/// <item><c>hes-&lt;area&gt;</c>, a head-end that publishes reads in its own process: its area's read subjects,
/// nothing else (it can neither read the stream nor touch a lease).</item>
/// </list>
/// Every user subscribes only to its own replies, <c>_INBOX.&lt;user&gt;.&gt;</c> (the client's inbox prefix,
/// <see cref="NatsConnectionOptions.InboxPrefix"/>). Anything not allowed is refused by the servers.
/// </summary>
public static class NatsPermissions
{
    /// <summary>The metering node's user of an area.</summary>
    public static string MeteringUser(string area) => $"metering-{area}";

    /// <summary>The head-end's (HES) user of an area: publishes reads only.</summary>
    public static string HesUser(string area) => $"hes-{area}";

    /// <summary>The subjects a user may subscribe to: its own replies.</summary>
    public static string[] Subscribe(string user) => [$"_INBOX.{user}.>"];

    /// <summary>The subjects the HES of <paramref name="area"/> may publish to: the area's read subjects.</summary>
    public static string[] HesPublish(string area) => [Reads(area)];

    /// <summary>
    /// The subjects the metering node of <paramref name="area"/> may publish to: its reads, the JetStream API calls
    /// on its stream and the lease bucket, and its area's keys.
    /// </summary>
    public static string[] MeteringPublish(string area, string bucket = PartitionLeaseOptions.DefaultBucket)
    {
        var stream = JetStreamReadLogOptions.StreamOf(area);
        var kvStream = $"KV_{bucket}";
        var keys = PartitionLeaseOptions.KeyPrefixesOf(area);
        return
        [
            Reads(area),

            // The area's stream: created or updated at start, its info (last sequence, leader), and an ordered
            // consumer to replay it (created, pulled from, deleted).
            $"$JS.API.STREAM.CREATE.{stream}",
            $"$JS.API.STREAM.UPDATE.{stream}",
            $"$JS.API.STREAM.INFO.{stream}",
            $"$JS.API.CONSUMER.CREATE.{stream}.>",
            $"$JS.API.CONSUMER.MSG.NEXT.{stream}.>",
            $"$JS.API.CONSUMER.INFO.{stream}.>",
            $"$JS.API.CONSUMER.DELETE.{stream}.>",

            // The lease bucket, shared by the areas: created or updated at start, and its info.
            $"$JS.API.STREAM.CREATE.{kvStream}",
            $"$JS.API.STREAM.UPDATE.{kvStream}",
            $"$JS.API.STREAM.INFO.{kvStream}",

            // The area's keys: written and listed (the node announcements). Read one by one with a direct get whose
            // key is in the request's body, not its subject (NATS.Net): the servers cannot tell one key from another
            // there, so a node can read (never write) other areas' lease entries, which hold node ids, expiries and
            // internal URLs, no reads (docs/security.md).
            .. keys.Select(k => $"$KV.{bucket}.{k}.>"),
            $"$JS.API.DIRECT.GET.{kvStream}",
            .. keys.Select(k => $"$JS.API.CONSUMER.CREATE.{kvStream}.*.$KV.{bucket}.{k}.>"),
            $"$JS.API.CONSUMER.MSG.NEXT.{kvStream}.>",
            $"$JS.API.CONSUMER.DELETE.{kvStream}.>",
        ];
    }

    /// <summary>
    /// The <c>authorization</c> block of the servers' configuration: for each area its metering node and its HES,
    /// with <paramref name="passwordOf"/>'s password for each user (plain, or a bcrypt hash, which nats-server
    /// checks as such).
    /// </summary>
    public static string AuthorizationBlock(IEnumerable<string> areas, Func<string, string> passwordOf, string bucket = PartitionLeaseOptions.DefaultBucket)
    {
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(passwordOf);
        var text = new StringBuilder();
        text.Append("authorization {\n  users = [\n");
        foreach (var area in areas)
        {
            User(text, MeteringUser(area), passwordOf(MeteringUser(area)), MeteringPublish(area, bucket));
            User(text, HesUser(area), passwordOf(HesUser(area)), HesPublish(area));
        }

        text.Append("  ]\n}\n");
        return text.ToString();
    }

    private static string Reads(string area) => $"renkei.reads.{area}.>";

    private static void User(StringBuilder text, string user, string password, string[] publish)
    {
        text.Append("    {\n");
        text.Append("      user: ").Append(Quote(user)).Append('\n');
        text.Append("      password: ").Append(Quote(password)).Append('\n');
        text.Append("      permissions: {\n");
        text.Append("        publish: { allow: [").AppendJoin(", ", publish.Select(Quote)).Append("] }\n");
        text.Append("        subscribe: { allow: [").AppendJoin(", ", Subscribe(user).Select(Quote)).Append("] }\n");
        text.Append("      }\n");
        text.Append("    }\n");
    }

    /// <summary>A double-quoted string of nats-server's configuration (no variable is expanded inside quotes).</summary>
    private static string Quote(string value) =>
        value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.Any(char.IsControl)
            ? throw new ArgumentException($"'{value}' cannot be written in a nats-server configuration (quote, backslash or control character)", nameof(value))
            : $"\"{value}\"";
}
