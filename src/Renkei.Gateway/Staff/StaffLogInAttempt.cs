using System.Net;
using Microsoft.AspNetCore.Http;

namespace Renkei.Gateway.Staff;

/// <summary>
/// A staff log-in whose password the gateway checked for the authenticated screens client: the account and the end
/// user's address the screens reported (<see cref="Auth.RenkeiClaims.StaffAddressParameter"/>). Put on the request by
/// the token endpoint once OpenIddict has authenticated the screens client, so the lockout step counts the failure
/// against the account and that address; without it (the screens' secret was wrong, another client asked), the
/// failure counts against the client ID and the connection's address like any other.
/// </summary>
public sealed record StaffLogInAttempt(string UserName, string? EndUserAddress)
{
    private const string Item = "renkei.staff-login";

    public static void Mark(HttpContext context, string userName, string? reportedAddress)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[Item] = new StaffLogInAttempt(userName, Normalise(reportedAddress));
    }

    public static StaffLogInAttempt? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(Item, out var value) ? value as StaffLogInAttempt : null;
    }

    /// <summary>An IP address in its canonical text form, or null for anything else.</summary>
    public static string? Normalise(string? reported) =>
        reported is { Length: > 0 and <= 64 } && IPAddress.TryParse(reported, out var address) ? address.ToString() : null;
}
