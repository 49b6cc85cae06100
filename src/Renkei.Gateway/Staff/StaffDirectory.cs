using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Renkei.Gateway.Store;

namespace Renkei.Gateway.Staff;

/// <summary>
/// The staff accounts of the screens, in the gateway's own store (<c>gateway.db</c> or the shared PostgreSQL
/// database, table <c>StaffAccounts</c>). Passwords are kept only as ASP.NET Core Identity hashes (PBKDF2-HMAC-SHA512, 100,000
/// iterations, per-password salt). A log-in with an unknown user name still runs one hash verification, so the
/// answer's timing does not tell which user names exist.
/// </summary>
internal sealed class StaffDirectory(GatewayStore store)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>The directory in the SQLite file <paramref name="databasePath"/>.</summary>
    public StaffDirectory(string databasePath)
        : this(new GatewayStore(databasePath, null))
    {
    }

    private static readonly string DummyHash = Hasher.HashPassword(string.Empty, "renkei-no-such-user");

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS StaffAccounts (
                UserName TEXT NOT NULL PRIMARY KEY,
                PasswordHash TEXT NOT NULL,
                DisplayName TEXT NOT NULL,
                RetailerCode TEXT NULL,
                IsOperator INTEGER NOT NULL,
                CertificateThumbprint TEXT NULL)
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or replaces each account (the password is hashed here).</summary>
    public async Task RegisterAsync(IEnumerable<StaffAccount> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        await using var connection = store.CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var account in accounts)
        {
            if (!StaffAccount.IsValidUserName(account.UserName))
            {
                throw new ArgumentException($"staff user name '{account.UserName}' must be 1 to 64 letters, digits or .-_@", nameof(accounts));
            }

            if (account.IsOperator == (account.RetailerCode is not null))
            {
                throw new ArgumentException($"staff account '{account.UserName}' must be either an operator or a retailer's staff member", nameof(accounts));
            }

            if (string.IsNullOrEmpty(account.Password) || account.Password.Length < 12)
            {
                throw new ArgumentException($"staff account '{account.UserName}' needs a password of at least 12 characters", nameof(accounts));
            }

            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO StaffAccounts (UserName, PasswordHash, DisplayName, RetailerCode, IsOperator, CertificateThumbprint)
                VALUES (@user, @hash, @display, @retailer, @operator, @x5t)
                ON CONFLICT (UserName) DO UPDATE SET PasswordHash = excluded.PasswordHash, DisplayName = excluded.DisplayName,
                    RetailerCode = excluded.RetailerCode, IsOperator = excluded.IsOperator, CertificateThumbprint = excluded.CertificateThumbprint
                """;
            Add(command, "@user", account.UserName);
            Add(command, "@hash", Hasher.HashPassword(account.UserName, account.Password));
            Add(command, "@display", account.DisplayName);
            Add(command, "@retailer", (object?)account.RetailerCode ?? DBNull.Value);
            Add(command, "@operator", account.IsOperator ? 1 : 0);
            Add(command, "@x5t", (object?)account.CertificateThumbprint ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The account if <paramref name="password"/> is its password; null otherwise (unknown user included).</summary>
    public async Task<StaffMember?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        StaffMember? member = null;
        string hash = DummyHash;
        if (StaffAccount.IsValidUserName(userName))
        {
            await using var connection = store.CreateConnection();
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT PasswordHash, DisplayName, RetailerCode, IsOperator, CertificateThumbprint FROM StaffAccounts WHERE UserName = @user";
            Add(command, "@user", userName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                hash = reader.GetString(0);
                member = new StaffMember(
                    userName,
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) != 0,
                    reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }

        var verified = Hasher.VerifyHashedPassword(userName, hash, password) != PasswordVerificationResult.Failed;
        return verified ? member : null;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
