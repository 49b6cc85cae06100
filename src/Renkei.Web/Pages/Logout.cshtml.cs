using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;

namespace Renkei.Web.Pages;

/// <summary>Log-out: the token is revoked at the gateway (RFC 7009), then the session cookie is dropped.</summary>
internal sealed class LogoutModel(GatewayApi gateway) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/Login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.FindFirst(StaffSession.AccessTokenClaim)?.Value is { } token)
        {
            await gateway.RevokeAsync(token, HttpContext.RequestAborted);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);

        // A page, not straight on to the gateway: the form's answer may redirect only within the screens (form-action 'self').
        return LocalRedirect("/Login?signedout=1");
    }
}
