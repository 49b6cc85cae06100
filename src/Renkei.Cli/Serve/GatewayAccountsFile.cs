using System.Text.Json;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Staff;

namespace Renkei.Cli.Serve;

/// <summary>
/// The accounts <c>renkei serve gateway --accounts FILE</c> registers at start (docs/operations.md): the retailer
/// systems' OAuth2 clients, the staff log-ins of the screens, the screens' own client and whether operators may log
/// in from the command line. Secrets are stored only hashed by the gateway; the file is the operator's to keep
/// owner-readable.
/// </summary>
internal sealed record GatewayAccountsFile(
    IReadOnlyList<RetailerClient> Clients,
    IReadOnlyList<StaffAccount> Staff,
    ScreensClient? Screens,
    bool CommandLineClient)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Reads the file, or null with the reason (the file, its line and the field) in <paramref name="error"/>.</summary>
    public static GatewayAccountsFile? TryLoad(string path, out string error)
    {
        error = string.Empty;
        try
        {
            var accounts = JsonSerializer.Deserialize<GatewayAccountsFile>(File.ReadAllText(path), Json);
            if (accounts is null)
            {
                error = $"{path}: expected an object with clients, staff, screens and commandLineClient";
                return null;
            }

            foreach (var (staff, i) in accounts.Staff.Select((s, i) => (s, i)))
            {
                if (!StaffAccount.IsValidUserName(staff.UserName))
                {
                    error = $"{path}: staff[{i}].userName '{staff.UserName}' must be 1 to 64 letters, digits or . - _ @";
                    return null;
                }
            }

            return accounts;
        }
        catch (JsonException e)
        {
            error = $"{path}: line {(e.LineNumber ?? 0) + 1}, {e.Path}: {e.Message}";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: {e.Message}";
            return null;
        }
    }
}
