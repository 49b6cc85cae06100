using System.Security.Cryptography;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Staff;

namespace Renkei.Cli.Demo;

/// <summary>
/// The demo's accounts at the gateway, with fresh secrets every start (stored hashed there): one OAuth2 client per
/// retailer system, one staff log-in per retailer and the operator, and the screens' own client.
/// </summary>
internal sealed record DemoAccounts(IReadOnlyList<RetailerClient> Clients, IReadOnlyList<StaffAccount> Staff, string ScreensId, string ScreensSecret)
{
    public static DemoAccounts Create() => new(
        [.. DemoSeed.Retailers.Select(r => new RetailerClient($"{r.Code.ToLowerInvariant()}-system", NewSecret(), r.Code, r.Name))],
        [
            .. DemoSeed.Retailers.Select(r => new StaffAccount($"{r.Code.ToLowerInvariant()}-staff", NewSecret(), $"{r.Name} 担当者", r.Code)),
            new StaffAccount("operator", NewSecret(), "TSO 運用者 (operator)", null, IsOperator: true),
        ],
        "renkei-screens",
        NewSecret());

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
