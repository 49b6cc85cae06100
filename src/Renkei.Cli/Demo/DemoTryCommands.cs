namespace Renkei.Cli.Demo;

/// <summary>
/// The commands the demo prints under "Try:": a token with curl, one supply point's day with curl and the same day
/// with <c>renkei retailer</c>. Each runs as printed in a POSIX shell with <c>renkei</c> on the PATH
/// (<c>tools/install-renkei.sh</c>); the Cli tests run them against a real demo.
/// </summary>
internal static class DemoTryCommands
{
    public static IReadOnlyList<string> For(DemoCredentials credentials, string dataDirectory)
    {
        var first = credentials.Retailers[0];
        var point = first.SuppliesToday[0];
        var day = credentials.Simulation.Yesterday;
        var ca = credentials.CaCertificate;
        return
        [
            // The token endpoint answers indented JSON: the sed takes the token wherever the key and its value sit.
            $"TOKEN=$(curl -s --cacert {ca} -d grant_type=client_credentials -d client_id={first.ClientId} -d client_secret={first.ClientSecret} {credentials.TokenEndpoint} | sed -n 's/.*\"access_token\": *\"\\([^\"]*\\)\".*/\\1/p')",
            $"curl -s --cacert {ca} -H \"Authorization: Bearer $TOKEN\" \"{credentials.Gateway}/api/v1/supply-points/{point}/intervals?date={day}\"",
            $"renkei retailer day --data {dataDirectory} --supply-point {point} --date {day}",
        ];
    }
}
