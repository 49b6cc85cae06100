namespace Renkei.Gateway.Staff;

/// <summary>
/// The screens application (<c>Renkei.Web</c>): a first-party confidential client, the only one allowed the
/// resource owner password grant, with which it exchanges a staff member's user name and password for an access
/// token at <c>/connect/token</c>.
/// </summary>
public sealed record ScreensClient(string ClientId, string ClientSecret);
